/**
 * nlkit: the command line. Finds the command, parses its options with node:util parseArgs,
 * runs it, and maps errors to exit codes (1: the kernel refused; 2: bad usage or request).
 */
import { NetlinkError, ValidationError, DecodeError, FamilyNotFoundError, errnoName, describePolicy } from '@nlkit/core';
import { EXIT_FAILURE, EXIT_USAGE, RequestError, UsageError } from './errors.js';
import { HELP } from './help.js';
import { version } from './args.js';
import { palette } from './output/pretty.js';
import { ynlIfLoaded } from './ynl.js';

export { useYnlImporter } from './ynl.js';

// Commands are imported when they run: start-up loads only what the command needs.

/** Options that take a value, so a scan for the command word can skip their values. */
const VALUE_OPTIONS = new Set(['--spec', '--json', '--netns', '-o', '--output', '--flags', '--group', '-g', '--count', '-n', '--timeout', '--file', '-f', '--op', '--names']);
const COMMANDS = new Set(['families', 'monitor', 'policy', 'decode', 'help']);

export async function main(argv: string[]): Promise<number> {
  let command = 'main';
  try {
    // Find the first word that is not an option or an option's value.
    let at = -1;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--') { at = i + 1 < argv.length ? i + 1 : -1; break; }
      if (a.startsWith('-')) {
        if (VALUE_OPTIONS.has(a)) i++;
        continue;
      }
      at = i;
      break;
    }
    const word = at >= 0 ? argv[at]! : undefined;
    const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 1)] : argv;

    if (word === undefined) {
      if (argv.includes('--version') || argv.includes('-V')) {
        process.stdout.write(`nlkit ${version()}\n`);
        return 0;
      }
      if (argv.includes('--list-ops')) {
        command = 'list-ops';
        return await (await import('./commands/list-ops.js')).listOpsCommand(rest, undefined);
      }
      if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(HELP.main!);
        return 0;
      }
      if (argv.length === 0) {
        process.stderr.write(HELP.main!);
        return EXIT_USAGE;
      }
      // `nlkit --spec x.yaml` alone, or options without a command.
      throw new UsageError('missing command');
    }

    if (COMMANDS.has(word)) {
      command = word;
      switch (word) {
        case 'help': {
          const topic = rest.find((a) => !a.startsWith('-'));
          const key = topic === undefined ? 'main' : topic === 'op' || !Object.hasOwn(HELP, topic) ? (topic === 'list-ops' ? 'list-ops' : 'op') : topic;
          process.stdout.write(HELP[key]!);
          return 0;
        }
        case 'families': return await (await import('./commands/families.js')).familiesCommand(rest);
        case 'monitor': return await (await import('./commands/monitor.js')).monitorCommand(rest);
        case 'policy': return await (await import('./commands/policy.js')).policyCommand(rest);
        case 'decode': return await (await import('./commands/decode.js')).decodeCommand(rest);
      }
    }

    // `nlkit <family> ...` or, with --spec, `nlkit --spec F <op> ...`.
    const hasSpec = rest.some((a) => a === '--spec' || a.startsWith('--spec='));
    if (rest.includes('--list-ops')) {
      command = 'list-ops';
      return await (await import('./commands/list-ops.js')).listOpsCommand(rest, hasSpec ? undefined : word, hasSpec ? word : undefined);
    }
    command = 'op';
    return await (await import('./commands/op.js')).opCommand(rest, hasSpec ? undefined : word, hasSpec ? word : undefined);
  } catch (err) {
    return report(err, command);
  }
}

/** Longest error line; longer ones (an echoed argument, a long list) are cut. */
const MAX_LINE = 2000;

/** One line, whatever the message holds: line breaks as spaces, other control characters escaped, length capped. */
export function oneLine(s: string): string {
  const flat = s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' || c === '\t' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE)}… (${flat.length} chars)` : flat;
}

/** A field path for messages; very deep ones keep their two ends. */
function showPath(path: string[]): string {
  if (!path.length) return '(request)';
  const p = path.length > 16 ? [...path.slice(0, 6), `…${path.length - 12} more…`, ...path.slice(-6)] : path;
  return p.join('.');
}

/** Prints an error the way a person can act on it, and picks the exit code. */
export function report(err: unknown, command: string): number {
  const p = palette(process.stderr);
  const out = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  // Bad input of any kind: exactly one line, exit 2, nothing sent.
  if (err instanceof UsageError) {
    const cmd = err.command ?? command;
    out(oneLine(`nlkit: ${err.message} (see 'nlkit ${cmd === 'main' ? '' : cmd === 'op' ? '<family> <op> ' : cmd === 'list-ops' ? '<family> --list-ops ' : `${cmd} `}--help')`));
    return EXIT_USAGE;
  }
  if (err instanceof RequestError) {
    out(oneLine(`nlkit: ${err.message}`));
    return EXIT_USAGE;
  }
  if (err instanceof ValidationError) {
    out(oneLine(`nlkit: invalid request: ${showPath(err.path)}: ${err.reason} (nothing was sent)`));
    return EXIT_USAGE;
  }
  const ynl = ynlIfLoaded();
  if (ynl && err instanceof ynl.SchemaError) {
    // One issue, one line; several: a heading and a line each.
    if (err.issues.length === 1) out(oneLine(`nlkit: invalid YNL schema: ${ynl.formatIssue(err.issues[0]!)}`));
    else out(`nlkit: ${err.message}`);
    return EXIT_USAGE;
  }
  if (err instanceof NetlinkError) {
    const a = err.extack;
    out(`nlkit: ${p.err(err.message)}`);
    out(`  errno:     ${err.code} (${err.errno})`);
    if (a.message) out(`  message:   ${a.message}`);
    if (a.attributePath?.length) out(`  attribute: ${a.attributePath.join('.')}`);
    else if (a.offset !== undefined) out(`  offset:    ${a.offset}`);
    if (a.missingAttribute !== undefined || a.missingType !== undefined) {
      out(`  missing:   ${a.missingNestPath?.length ? `${a.missingNestPath.join('.')}.` : ''}${a.missingAttribute ?? `attribute ${a.missingType}`}`);
    }
    if (a.policy) out(`  policy:    ${describePolicy(a.policy)}`);
    if (err.hint) out(oneLine(`  hint:      ${err.hint}`));
    return EXIT_FAILURE;
  }
  if (err instanceof FamilyNotFoundError) {
    out(`nlkit: ${err.message}`);
    return EXIT_FAILURE;
  }
  if (err instanceof DecodeError) {
    out(oneLine(`nlkit: cannot decode the reply: ${err.message}`));
    return EXIT_FAILURE;
  }
  const e = err as { code?: string; errno?: number; message?: string; syscall?: string };
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    const code = e.code;
    out(oneLine(`nlkit: ${e.message ?? String(err)}${typeof e.errno === 'number' && !e.message?.includes(code) ? ` (${code})` : ''}`));
    return EXIT_FAILURE;
  }
  if (e && typeof e === 'object' && typeof e.errno === 'number') {
    out(oneLine(`nlkit: ${e.message} (${errnoName(Math.abs(e.errno))})`));
    return EXIT_FAILURE;
  }
  throw err;
}
