/**
 * Limits the encoder and the decoder share, so whatever one side produces the other accepts,
 * and hostile input (cycles, absurd depth, huge values) fails with a clear error instead of a
 * stack overflow or a wrapped length.
 */

/**
 * Deepest attribute-set nesting either side handles: the top-level set is depth 0, each nest,
 * indexed-array element, nest-type-value level or sub-message adds one. Struct-in-struct
 * nesting is bounded by the same number, counted separately.
 */
export const MAX_NEST_DEPTH = 32;

/** nla_len is a u16: an attribute, header included, is at most this many bytes. */
export const MAX_ATTR_LEN = 0xffff;

/** How much of an offending value an error message echoes. */
export const ECHO_LIMIT = 64;

/**
 * Text for an error message, cut to ECHO_LIMIT characters with an ellipsis and the total
 * length, so a megabyte of input never comes back in a message.
 */
export function capText(s: string, limit = ECHO_LIMIT): string {
  return s.length <= limit ? s : `${s.slice(0, limit)}… (${s.length} chars)`;
}

/** A scalar as JSON-like text (strings quoted), capped as capText does; other values by kind. */
export function shown(v: unknown): string {
  if (typeof v === 'string') {
    if (v.length <= ECHO_LIMIT) return JSON.stringify(v);
    return `${JSON.stringify(v.slice(0, ECHO_LIMIT)).slice(0, -1)}…" (${v.length} chars)`;
  }
  if (typeof v === 'bigint') {
    // Hex is linear to produce; decimal text of a huge bigint is not.
    const hex = (v < 0n ? -v : v).toString(16);
    return hex.length * 4 > 256 ? `a ${v < 0n ? 'negative ' : ''}${hex.length * 4}-bit integer` : String(v);
  }
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  return typeof v === 'object' ? 'an object' : typeof v;
}
