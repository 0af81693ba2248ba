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

/**
 * A list of scalars on one line. A flag list that mixes names and numbers (bits the schema
 * does not name) shows the numbers in hex, as masks are written.
 */
function scalarList(p: Palette, v: unknown[]): string {
  if (!v.length) return p.dim('(none)');
  const flags = v.some((x) => typeof x === 'string') && v.some((x) => typeof x === 'number');
  return v.map((y) => (flags && typeof y === 'number' && y > 0 ? p.num(`0x${y.toString(16)}`) : scalar(p, y))).join(', ');
}

/**
 * The members of an object as shown: a fixed header's members first, in line with the
 * attributes (a clash keeps the `header.` prefix), then the rest.
 */
function shownEntries(o: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const h = o.header;
  const flat = h !== null && typeof h === 'object' && !Array.isArray(h);
  if (flat) for (const [k, x] of Object.entries(h as Record<string, unknown>)) out.push([Object.hasOwn(o, k) ? `header.${k}` : k, x]);
  for (const [k, x] of Object.entries(o)) if (!(flat && k === 'header')) out.push([k, x]);
  return out;
}

/** An object small enough for one line: every shown value a scalar or a list of scalars. */
function oneLiner(v: unknown): Array<[string, unknown]> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const entries = shownEntries(v as Record<string, unknown>);
  return entries.length <= 8 && entries.every(([, x]) => isScalar(x) || isScalarList(x)) ? entries : undefined;
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
    // Records such as a route's nexthops: one line each when they are small.
    const rows = v.map(oneLiner);
    if (v.length && rows.every((r) => r !== undefined)) {
      for (const [i, r] of rows.entries()) {
        const cells = r!.filter(([, x]) => !(Array.isArray(x) && !x.length)).map(([k, x]) => `${p.key(k)} ${isScalar(x) ? scalar(p, x) : scalarList(p, x as unknown[])}`);
        out.push(`${indent}${p.dim(`[${i}]`)} ${cells.join('  ')}`.trimEnd());
      }
      return out;
    }
    for (const [i, item] of v.entries()) {
      if (isScalar(item)) out.push(`${indent}${p.dim(`[${i}]`)} ${scalar(p, item)}`);
      else {
        out.push(`${indent}${p.dim(`[${i}]`)}`);
        out.push(...prettyLines(item, p, indent + '  '));
      }
    }
    return out;
  }
  const entries = shownEntries(v as Record<string, unknown>);
  const width = Math.max(0, ...entries.filter(([, x]) => isScalar(x) || isScalarList(x)).map(([k]) => k.length));
  for (const [k, x] of entries) {
    if (isScalar(x)) out.push(`${indent}${p.key(k.padEnd(width))}  ${scalar(p, x)}`);
    else if (isScalarList(x)) out.push(`${indent}${p.key(k.padEnd(width))}  ${scalarList(p, x as unknown[])}`);
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
