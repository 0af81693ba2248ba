/**
 * A decode's outcome as text that differs whenever two outcomes differ in any way a user could
 * see: key order, value types (bigint vs number, bytes vs string, undefined vs absent), the
 * hidden NEST_FLAG mark, prototypes, and for a DecodeError its message, offset and path.
 */
import { DecodeError, NEST_FLAG } from '../core.js';

export function show(v: unknown, depth = 0): string {
  if (depth > 80) return '…';
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (v instanceof Uint8Array) return `bytes(${Buffer.from(v).toString('hex')})`;
  if (Array.isArray(v)) return `[${v.map((x) => show(x, depth + 1)).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string | symbol, unknown>;
    const proto = Object.getPrototypeOf(o) === Object.prototype ? '' : 'proto! ';
    const mark = Object.hasOwn(o, NEST_FLAG) ? `nested=${String(o[NEST_FLAG])} ` : '';
    const keys = Reflect.ownKeys(o).filter((k) => k !== NEST_FLAG);
    return `${proto}${mark}{ ${keys.map((k) => `${String(k)}: ${show(o[k], depth + 1)}`).join(', ')} }`;
  }
  return typeof v;
}

/** The decode's value or its DecodeError, as text; any other error is rethrown. */
export function outcome(fn: () => unknown): string {
  try {
    return `ok ${show(fn())}`;
  } catch (err) {
    if (err instanceof DecodeError) return `DecodeError ${JSON.stringify(err.message)} at ${err.offset} path ${JSON.stringify(err.path)}`;
    throw err;
  }
}
