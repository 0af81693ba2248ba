/**
 * The comparison engine: a table of fields per object kind says where a value sits in nlkit's
 * decoded object and in iproute2's JSON, and how to bring both to one form. A field iproute2
 * does not print is not compared; one it prints and nlkit lacks, or that differs, is a finding.
 */
import type { Finding } from './scan.js';

export type Getter = string | ((o: any, ctx: Ctx) => unknown);

export interface Field {
  /** A label for findings (defaults to `theirs` when it is a path). */
  name?: string;
  ours: Getter;
  theirs: Getter;
  /** Brings nlkit's value to iproute2's form (after reading it). */
  norm?: (v: any, ctx: Ctx) => unknown;
  /** Brings iproute2's value to the common form. */
  normTheirs?: (v: any, ctx: Ctx) => unknown;
  /** Numbers this far apart are equal (values that change between the two dumps, like lifetimes). */
  tolerance?: number;
  /** A counter: iproute2 dumps after nlkit, so its value may be larger, never smaller. */
  counter?: boolean;
}

/** What the normalisers may look up: device names by index, and back. */
export interface Ctx {
  ifname(index: number | undefined): string | undefined;
}

export function get(o: unknown, path: string): unknown {
  let v: any = o;
  for (const p of path.split('.')) {
    if (v === null || v === undefined) return undefined;
    v = v[p];
  }
  return v;
}

function read(g: Getter, o: unknown, ctx: Ctx): unknown {
  return typeof g === 'string' ? get(o, g) : g(o, ctx);
}

/** A stable text of a value for equality (bigints as numbers, keys sorted). */
export function canon(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (typeof x === 'bigint') return Number(x);
    if (x instanceof Uint8Array) return `bytes:${Buffer.from(x).toString('hex')}`;
    if (x && typeof x === 'object' && x.type === 'Buffer' && Array.isArray(x.data)) return `bytes:${Buffer.from(x.data).toString('hex')}`;
    if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]]));
    return x;
  });
}

export function compareFields(fields: Field[], ours: unknown, theirs: unknown, ctx: Ctx, where: string, prefix = ''): Finding[] {
  const out: Finding[] = [];
  for (const f of fields) {
    const label = prefix + (f.name ?? (typeof f.theirs === 'string' ? f.theirs : '?'));
    let t = read(f.theirs, theirs, ctx);
    if (t === undefined) continue;
    if (f.normTheirs) t = f.normTheirs(t, ctx);
    if (t === undefined) continue;
    let o: unknown;
    try {
      o = read(f.ours, ours, ctx);
      if (o !== undefined && f.norm) o = f.norm(o, ctx);
    } catch (err) {
      out.push({ where, path: label, what: `nlkit's value could not be read: ${(err as Error).message}` });
      continue;
    }
    if (o === undefined) {
      out.push({ where, path: label, what: `iproute2 has ${canon(t)}, nlkit has nothing (${typeof f.ours === 'string' ? f.ours : 'computed'})` });
    } else if (f.tolerance !== undefined && typeof t === 'number' && (typeof o === 'number' || typeof o === 'bigint') && Math.abs(Number(o) - t) <= f.tolerance) {
      continue;
    } else if (f.counter && typeof t === 'number' && (typeof o === 'number' || typeof o === 'bigint') && Number(o) <= t) {
      continue;
    } else if (canon(o) !== canon(t)) {
      out.push({ where, path: label, what: `iproute2 has ${canon(t)}, nlkit has ${canon(o)}` });
    }
  }
  return out;
}

// Normalisers shared by the tables.
export const num = (v: any) => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' && /^(0x)?[0-9a-f]+$/i.test(v) ? Number(v) : v);
export const hex = (v: any) => (typeof v === 'number' || typeof v === 'bigint' ? `0x${v.toString(16)}` : v);
export const bool = (v: any) => (typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : v);
export const upper = (v: any) => (typeof v === 'string' ? v.toUpperCase() : v);
export const name = (v: any, ctx: Ctx) => (typeof v === 'number' ? ctx.ifname(v) ?? `if${v}` : v);
/** A flag list (names) holds `flag`: iproute2 prints such flags as `"flag": true` or `"flag": null`. */
export const hasFlag = (list: Getter, flag: string): Getter => (o, ctx) => {
  const l = read(list, o, ctx);
  return Array.isArray(l) ? l.includes(flag) : undefined;
};
/** iproute2's `"x": null` / `"x": true` presence flags, as booleans. */
export const presence = (key: string): Getter => (t) => (t && typeof t === 'object' && key in t ? true : undefined);
