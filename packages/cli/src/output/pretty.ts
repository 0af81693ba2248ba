/**
 * The readable view: keys aligned per object, nested objects indented, lists of scalars on one
 * line. Colour only on a TTY, and never with NO_COLOR set.
 */
import type { Writable } from 'node:stream';
import { toJsonValue, type Sink } from './json.js';

export interface Palette {
  key(s: string): string;
  str(s: string): string;
  num(s: string): string;
  dim(s: string): string;
  head(s: string): string;
  err(s: string): string;
}

const plain: Palette = { key: (s) => s, str: (s) => s, num: (s) => s, dim: (s) => s, head: (s) => s, err: (s) => s };
const sgr = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;
const ansi: Palette = { key: sgr('36'), str: sgr('32'), num: sgr('33'), dim: sgr('2'), head: sgr('1'), err: sgr('31') };

/** Colour when the stream is a TTY and NO_COLOR is unset (FORCE_COLOR forces it). */
export function useColor(stream: Writable & { isTTY?: boolean }): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function palette(stream: Writable & { isTTY?: boolean }): Palette {
  return useColor(stream) ? ansi : plain;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function scalar(p: Palette, v: unknown): string {
  if (typeof v === 'string') return p.str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return p.num(String(v));
  if (v === null) return p.dim('null');
  return String(v);
}

/** Lines for one decoded value (already JSON-shaped), indented by `indent`. */
export function prettyLines(value: unknown, p: Palette, indent = ''): string[] {
  const v = toJsonValue(value);
  const out: string[] = [];
  if (isScalar(v)) {
    out.push(indent + scalar(p, v));
    return out;
  }
  if (Array.isArray(v)) {
    for (const [i, item] of v.entries()) {
      if (isScalar(item)) out.push(`${indent}${p.dim(`[${i}]`)} ${scalar(p, item)}`);
      else {
        out.push(`${indent}${p.dim(`[${i}]`)}`);
        out.push(...prettyLines(item, p, indent + '  '));
      }
    }
    return out;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  const width = Math.max(0, ...entries.filter(([, x]) => isScalar(x) || isScalarList(x)).map(([k]) => k.length));
  for (const [k, x] of entries) {
    if (isScalar(x)) out.push(`${indent}${p.key(k.padEnd(width))}  ${scalar(p, x)}`);
    else if (isScalarList(x)) out.push(`${indent}${p.key(k.padEnd(width))}  ${(x as unknown[]).length ? (x as unknown[]).map((y) => scalar(p, y)).join(', ') : p.dim('(none)')}`);
    else {
      out.push(`${indent}${p.key(k)}`);
      out.push(...prettyLines(x, p, indent + '  '));
    }
  }
  return out;
}

function isScalarList(v: unknown): boolean {
  return Array.isArray(v) && v.every(isScalar);
}

/** Dump records separated by a blank line; each may carry a heading. */
export class PrettyWriter {
  private n = 0;
  constructor(private readonly sink: Sink, private readonly p: Palette) {}

  item(v: unknown, heading?: string): Promise<void> | void {
    const lines = prettyLines(v, this.p, heading ? '  ' : '');
    if (heading) lines.unshift(this.p.head(heading));
    return this.sink.write(`${this.n++ ? '\n' : ''}${lines.join('\n')}\n`);
  }

  async end(): Promise<void> {
    await this.sink.flush();
  }
}

/** A table with aligned columns. */
export function table(rows: string[][], p: Palette, header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const widths: number[] = [];
  for (const r of all) r.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, c.length); });
  const line = (r: string[], style?: (s: string) => string) =>
    r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).map((c) => (style ? style(c) : c)).join('  ').trimEnd();
  return [...(header ? [line(header, p.head)] : []), ...rows.map((r) => line(r))].join('\n') + '\n';
}
