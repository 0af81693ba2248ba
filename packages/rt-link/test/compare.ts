/**
 * Helpers for holding decoded links against iproute2's JSON: key by key, with the renames
 * iproute2 uses written down, so a key that cannot be compared fails the test instead of being
 * skipped, and a walk that finds any value left undecoded.
 */
import { expect } from 'vitest';

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Strings compared loosely: `802.1ad` and `8021ad`, `temp_query` and `temp-query`. */
const loose = (v: unknown) => (typeof v === 'string' ? v.toLowerCase().replace(/[^a-z0-9]/g, '') : v);

function same(ipValue: unknown, ours: unknown): boolean {
  if (typeof ours === 'bigint') ours = Number(ours);
  if (typeof ipValue === 'boolean') return ours === (ipValue ? 1 : 0) || ours === ipValue;
  return loose(ipValue) === loose(ours);
}

export interface KeyMap {
  /** iproute2 key → our key, where the names differ. */
  rename?: Record<string, string>;
  /** iproute2 key → our value turned into iproute2's form, where the forms differ. */
  convert?: Record<string, (ours: unknown, all: Record<string, unknown>) => unknown>;
  /** iproute2 key → our value as a number close to iproute2's (a running timer moves between the two reads). */
  near?: Record<string, (ours: unknown) => number>;
  /** iproute2 keys with no attribute behind them (derived or formatted twice), with the reason. */
  derived?: Record<string, string>;
}

/**
 * Every key of iproute2's object is compared with ours. Returns how many were compared; a key
 * neither found, renamed nor listed as derived is a failure.
 */
export function compareWithIp(what: string, ip: Record<string, unknown>, ours: Record<string, unknown>, map: KeyMap = {}): number {
  const problems: string[] = [];
  let compared = 0;
  for (const [k, want] of Object.entries(ip)) {
    if (map.derived?.[k]) continue;
    const key = map.rename?.[k] ?? camel(k);
    if (!(key in ours)) {
      problems.push(`${k}: not decoded`);
      continue;
    }
    const near = map.near?.[k];
    if (near) {
      if (Math.abs(near(ours[key]) - Number(want)) > 2) problems.push(`${k}: ip says ${String(want)}, we decoded ${near(ours[key])}`);
      compared++;
      continue;
    }
    const conv = map.convert?.[k];
    const got = conv ? conv(ours[key], ours) : ours[key];
    const ok = conv ? JSON.stringify(got) === JSON.stringify(want) : same(want, got);
    if (!ok) problems.push(`${k}: ip says ${JSON.stringify(want)}, we decoded ${JSON.stringify(got, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))}`);
    compared++;
  }
  expect(problems, `${what} differs from iproute2`).toEqual([]);
  return compared;
}

/** Paths in `v` that hold raw bytes or unknown attributes (`$unknown`, `$tail`, a Uint8Array). */
export function rawPaths(v: unknown, path = ''): string[] {
  if (v instanceof Uint8Array) return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => rawPaths(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => (k === '$unknown' || k === '$tail' || k.endsWith('$rest') ? [`${path}.${k}`] : rawPaths(x, `${path}.${k}`)));
  }
  return [];
}

/** iproute2's form of a bridge id: priority as 4 hex digits, a dot, the MAC bytes in hex without leading zeros. */
export const bridgeId = (v: unknown) => {
  const id = v as { prio: number; addr: string };
  return `${id.prio.toString(16).padStart(4, '0')}.${id.addr.split(':').map((b) => parseInt(b, 16).toString(16)).join(':')}`;
};
