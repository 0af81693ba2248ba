/**
 * Set elements for interval sets. The kernel stores a range as two elements: its first key,
 * and the key just past its end flagged interval-end; nft also opens the set with an
 * interval-end element at key 0 when no range starts there, and leaves out the end of a range
 * that runs to the largest key. These helpers write elements the same way.
 */
import type { SetElemAttrsInput } from './gen/nftables.js';

type Bytes = Uint8Array | number[];

/** key + 1 in network byte order; undefined when key is all ones (nothing comes after it). */
function successor(key: Uint8Array): Uint8Array | undefined {
  const out = Uint8Array.from(key);
  for (let i = out.length - 1; i >= 0; i--) {
    if (out[i] !== 0xff) {
      out[i]!++;
      return out;
    }
    out[i] = 0;
  }
  return undefined;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export interface IntervalOptions {
  /** Element timeout in ms (sets with the timeout flag). */
  timeout?: bigint | number;
}

/**
 * The elements of an interval set holding these inclusive ranges ([from, to] keys of equal
 * length; a single key is a range of one). Ranges must not overlap.
 */
export function intervals(ranges: Array<[Bytes, Bytes] | Bytes>, options: IntervalOptions = {}): SetElemAttrsInput[] {
  const list = ranges
    .map((r) => (Array.isArray(r) && r.length === 2 && typeof r[0] !== 'number' ? r as [Bytes, Bytes] : [r as Bytes, r as Bytes]))
    .map(([a, b]) => [Uint8Array.from(a), Uint8Array.from(b)] as const)
    .sort((x, y) => compare(x[0], y[0]));
  for (const [a, b] of list) {
    if (a.length !== b.length || compare(a, b) > 0) throw new RangeError(`nftables: bad interval ${[...a].join('.')} - ${[...b].join('.')}`);
  }
  for (let i = 1; i < list.length; i++) {
    if (compare(list[i]![0], list[i - 1]![1]) <= 0) throw new RangeError('nftables: intervals overlap');
  }
  const timeout = options.timeout !== undefined ? { timeout: BigInt(options.timeout) } : {};
  const out: SetElemAttrsInput[] = [];
  if (list.length && list[0]![0].some((x) => x !== 0)) out.push({ key: { value: new Uint8Array(list[0]![0].length) }, flags: ['interval-end'] });
  for (const [from, to] of list) {
    out.push({ key: { value: from }, ...timeout });
    const end = successor(to);
    if (end) out.push({ key: { value: end }, flags: ['interval-end'] });
  }
  return out;
}

/** The inclusive range of an IPv4 or IPv6 prefix given as address bytes and a length. */
export function prefix(address: Bytes, length: number): [Uint8Array, Uint8Array] {
  const from = Uint8Array.from(address);
  if (!Number.isInteger(length) || length < 0 || length > from.length * 8) throw new RangeError(`nftables: bad prefix length ${length}`);
  const to = Uint8Array.from(from);
  for (let bit = length; bit < from.length * 8; bit++) {
    const mask = 0x80 >> (bit % 8);
    from[bit >> 3]! &= ~mask;
    to[bit >> 3]! |= mask;
  }
  return [from, to];
}
