/** Argument helpers shared by the commands. */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';

export type Options = ParseArgsConfig['options'];
export type { ParseArgsConfig };


export function version(): string {
  const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const COMMON = { help: { type: 'boolean', short: 'h' }, spec: { type: 'string' } } as const;

/** Parses a command's arguments strictly; unknown options are usage errors. */
export function parse<const T extends NonNullable<Options>>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options: { ...options, ...COMMON } as T & typeof COMMON, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}

export function outputFormat(value: string | undefined, allowed: string[], fallback: string, command: string): string {
  const v = value ?? fallback;
  if (!allowed.includes(v)) throw new UsageError(`-o must be one of ${allowed.join(', ')} (got "${v}")`, command);
  return v;
}

/** `--names schema|camel`: how output spells attribute and member names (default camel, as the TypeScript API). */
export function namesOption(value: string | undefined, command: string): 'schema' | 'camel' {
  const v = value ?? 'camel';
  if (v !== 'schema' && v !== 'camel') throw new UsageError(`--names must be schema or camel (got "${v}")`, command);
  return v;
}

export function defaultFormat(tty: string, piped: string): string {
  return process.stdout.isTTY ? tty : piped;
}

