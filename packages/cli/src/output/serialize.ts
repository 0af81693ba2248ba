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

/** Characters JSON.stringify escapes (or checks: surrogates); a regex runs native even in cold code. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it; plain ones (names, addresses) skip the call. */
function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
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

/** JSON for anything but a string or a number; undefined for what JSON leaves out. */
function other(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'object') return compact(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? '' + v : '"' + v + '"';
  return undefined;
}

/**
 * Compact JSON: one line, no spaces. A CLI dump runs this cold (a fresh process, much of it
 * before the JIT has optimised anything), so strings and numbers, most of what decoded
 * values hold, are written inline in the loops rather than through a call each.
 */
export function compact(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? '' + v : 'null';
  if (typeof v !== 'object' || v === null) return other(v) as string;
  if (Array.isArray(v)) {
    let s = '[';
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (i) s += ',';
      if (typeof x === 'number') s += Number.isFinite(x) ? '' + x : 'null';
      else if (typeof x === 'string') s += NEEDS_ESCAPE.test(x) ? JSON.stringify(x) : '"' + x + '"';
      else s += other(x) ?? 'null';
    }
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
    let j: string | undefined;
    if (typeof x === 'string') j = NEEDS_ESCAPE.test(x) ? JSON.stringify(x) : '"' + x + '"';
    else if (typeof x === 'number') j = Number.isFinite(x) ? '' + x : 'null';
    else if ((j = other(x)) === undefined) continue;
    s += (s.length === 1 ? '' : ',') + keyColon(k) + j;
  }
  return s + '}';
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
