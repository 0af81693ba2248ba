/**
 * Decoded values as JSON and back, exactly: bigints and bytes are tagged, so a golden file's
 * decoded form compares equal to a fresh decode (key order included).
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: String(v) };
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  throw new Error(`cannot keep a ${typeof v} in JSON`);
}

export function fromJson(j: Json): unknown {
  if (j === null || typeof j !== 'object') return j;
  if (Array.isArray(j)) return j.map(fromJson);
  const keys = Object.keys(j);
  if (keys.length === 1) {
    if (typeof j.$bigint === 'string') return BigInt(j.$bigint);
    if (typeof j.$bytes === 'string') return Uint8Array.from(Buffer.from(j.$bytes, 'hex'));
    if (typeof j.$number === 'string') return Number(j.$number);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromJson(j[k]!);
  return out;
}
