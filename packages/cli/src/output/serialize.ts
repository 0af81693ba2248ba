/**
 * JSON text for decoded values, written straight to a string: the same text as
 * `JSON.stringify(toJsonValue(v), null, indent)` without building the intermediate copy.
 * bigint: a number when exact, else a string; Uint8Array: hex; Map: an object; undefined
 * properties left out (null in arrays, as JSON.stringify does).
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

/** A string as JSON.stringify writes it; short plain strings (names, addresses) skip the call. */
function quote(s: string): string {
  if (s.length > 64) return JSON.stringify(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Quote, backslash, control characters and surrogates need escapes (or a check).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/** Property names repeat on every record: quote each once (with its colon). */
const keyCache = new Map<string, string>();
function keyColon(k: string): string {
  let q = keyCache.get(k);
  if (q === undefined) {
    q = JSON.stringify(k) + ':';
    if (keyCache.size < 4096) keyCache.set(k, q);
  }
  return q;
}

/** A Map as an object with string keys (integer-like keys first, as objects order them). */
function mapObject(m: Map<unknown, unknown>): Record<string, unknown> {
  return Object.fromEntries([...m].map(([k, x]) => [String(k), x]));
}

/** A value that JSON leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function element(x: unknown): string {
  return omitted(x) ? 'null' : compact(x);
}

/** Compact JSON: one line, no spaces. Checks ordered by how often decoded values hold them. */
export function compact(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? '' + v : 'null';
  if (typeof v === 'object') {
    if (v === null) return 'null';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      let s = '[' + element(v[0]);
      for (let i = 1; i < v.length; i++) s += ',' + element(v[i]);
      return s + ']';
    }
    if (v instanceof Uint8Array) return '"' + hex(v) + '"';
    if (v instanceof Map) return compact(mapObject(v));
    const o = v as Record<string, unknown>;
    let s = '{';
    // for-in: the own keys in Object.keys order (decoded values inherit no enumerable keys),
    // without the array Object.keys would allocate per object.
    for (const k in o) {
      const x = o[k];
      if (omitted(x)) continue;
      s += (s.length === 1 ? '' : ',') + keyColon(k) + compact(x);
    }
    return s + '}';
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? '' + v : '"' + v + '"';
  // undefined at the top level: JSON.stringify returns undefined too.
  return v === undefined ? (undefined as unknown as string) : 'null';
}

/** Indented JSON, `step` spaces a level, starting at `at` (for an element inside an array). */
export function indented(v: unknown, step = 2, at = ''): string {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return compact(v);
  const inner = at + ' '.repeat(step);
  const parts: string[] = [];
  if (Array.isArray(v)) {
    for (const x of v) parts.push(omitted(x) ? 'null' : indented(x, step, inner));
    return parts.length ? `[\n${inner}${parts.join(`,\n${inner}`)}\n${at}]` : '[]';
  }
  for (const [k, x] of Object.entries(v instanceof Map ? mapObject(v) : v)) if (!omitted(x)) parts.push(`${keyColon(k)} ${indented(x, step, inner)}`);
  return parts.length ? `{\n${inner}${parts.join(`,\n${inner}`)}\n${at}}` : '{}';
}
