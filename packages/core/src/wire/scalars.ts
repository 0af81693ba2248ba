/** Fixed-width and variable-width integers, strings and bitfield32 on the wire. */
import { DecodeError } from '../errors.js';
import { shown } from './limits.js';
import { viewOf } from './view.js';

export type IntKind = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64';

export const INT_SIZE: Record<IntKind, number> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8 };

const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

function dv(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Reads a fixed-width integer; 64-bit values come back as bigint. */
export function readInt(buf: Uint8Array, off: number, kind: IntKind, bigEndian = false): number | bigint {
  // Up to 32 bits straight from the bytes (no DataView per read: this is the decode hot path).
  if (off < 0 || off + INT_SIZE[kind] > buf.length) throw new RangeError('Offset is outside the bounds of the DataView');
  switch (kind) {
    case 'u8': return buf[off]!;
    case 's8': return (buf[off]! << 24) >> 24;
    case 'u16': return bigEndian ? (buf[off]! << 8) | buf[off + 1]! : buf[off]! | (buf[off + 1]! << 8);
    case 's16': return ((bigEndian ? (buf[off]! << 8) | buf[off + 1]! : buf[off]! | (buf[off + 1]! << 8)) << 16) >> 16;
    case 'u32': return read32(buf, off, bigEndian) >>> 0;
    case 's32': return read32(buf, off, bigEndian);
    case 'u64': return viewOf(buf).getBigUint64(buf.byteOffset + off, !bigEndian);
    case 's64': return viewOf(buf).getBigInt64(buf.byteOffset + off, !bigEndian);
  }
}

/** 32 bits as a signed number. */
function read32(buf: Uint8Array, off: number, bigEndian: boolean): number {
  return bigEndian
    ? (buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!
    : buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24);
}

/**
 * Variable-width uint/sint: 4 or 8 bytes (the kernel may send either). Returned as a number when
 * it is a safe integer, else as a bigint.
 */
export function readVarInt(buf: Uint8Array, start: number, end: number, signed: boolean): number | bigint {
  const len = end - start;
  if (start < 0 || end > buf.length) throw new RangeError('Offset is outside the bounds of the DataView');
  const v = viewOf(buf);
  const at = buf.byteOffset + start;
  if (len === 4) return signed ? v.getInt32(at, true) : v.getUint32(at, true);
  if (len === 8) {
    const big = signed ? v.getBigInt64(at, true) : v.getBigUint64(at, true);
    return big <= SAFE_MAX && big >= SAFE_MIN ? Number(big) : big;
  }
  // Older kernels may send shorter values for some uint attributes.
  if (len === 1) return signed ? v.getInt8(at) : v.getUint8(at);
  if (len === 2) return signed ? v.getInt16(at, true) : v.getUint16(at, true);
  throw new DecodeError(`variable-width ${signed ? 'sint' : 'uint'} of ${len} bytes (want 4 or 8)`, start);
}

/** Range check used by encoders; returns an error message or undefined. */
/** Bounds of the kinds that fit a number exactly, for the check without bigints. */
const NUMBER_RANGE: Partial<Record<IntKind | 'uint' | 'sint', [number, number]>> = {
  u8: [0, 0xff], u16: [0, 0xffff], u32: [0, 0xffffffff], s8: [-0x80, 0x7f], s16: [-0x8000, 0x7fff], s32: [-0x80000000, 0x7fffffff],
};

export function checkIntRange(kind: IntKind | 'uint' | 'sint', value: number | bigint): string | undefined {
  if (typeof value === 'number' && !Number.isInteger(value)) return `${shown(value)} is not an integer`;
  const r = typeof value === 'number' ? NUMBER_RANGE[kind] : undefined;
  if (r && value >= r[0] && value <= r[1]) return undefined;
  // 64-bit kinds take any safe integer that is in range, checked as a number too.
  if (typeof value === 'number' && !r && Number.isSafeInteger(value) && (value >= 0 || kind === 's64' || kind === 'sint')) return undefined;
  const big = BigInt(value);
  let min: bigint;
  let max: bigint;
  switch (kind) {
    case 'u8': min = 0n; max = 0xffn; break;
    case 'u16': min = 0n; max = 0xffffn; break;
    case 'u32': min = 0n; max = 0xffffffffn; break;
    case 'u64': case 'uint': min = 0n; max = U64_MAX; break;
    case 's8': min = -0x80n; max = 0x7fn; break;
    case 's16': min = -0x8000n; max = 0x7fffn; break;
    case 's32': min = -0x80000000n; max = 0x7fffffffn; break;
    case 's64': case 'sint': min = S64_MIN; max = S64_MAX; break;
  }
  return big < min || big > max ? `${shown(value)} is out of range for ${kind} (${min}..${max})` : undefined;
}

export function writeInt(buf: Uint8Array, off: number, kind: IntKind, value: number | bigint, bigEndian = false): void {
  // Up to 32 bits, write the bytes directly (no DataView per call); values are range-checked
  // by the encoders, and two's complement falls out of the masks.
  if (kind !== 'u64' && kind !== 's64') {
    const n = Number(value);
    const size = INT_SIZE[kind];
    for (let i = 0; i < size; i++) buf[off + (bigEndian ? size - 1 - i : i)] = (n >>> (8 * i)) & 0xff;
    return;
  }
  const v = dv(buf);
  if (kind === 'u64') v.setBigUint64(off, BigInt(value), !bigEndian);
  else v.setBigInt64(off, BigInt(value), !bigEndian);
}

/** The kernel's choice for uint/sint: 4 bytes when the value fits, else 8. */
export function varIntBytes(value: number | bigint, signed: boolean): Uint8Array {
  const big = BigInt(value);
  const fits32 = signed ? big >= -0x80000000n && big <= 0x7fffffffn : big >= 0n && big <= 0xffffffffn;
  const out = new Uint8Array(fits32 ? 4 : 8);
  const v = dv(out);
  if (fits32) {
    if (signed) v.setInt32(0, Number(big), true);
    else v.setUint32(0, Number(big), true);
  } else if (signed) v.setBigInt64(0, big, true);
  else v.setBigUint64(0, big, true);
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * A netlink string: UTF-8, ending at the first NUL (or at the end when unterminated).
 * Invalid UTF-8 is replaced (U+FFFD) rather than thrown: a name from the kernel is data.
 */
export function readString(buf: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && buf[stop] !== 0) stop++;
  return utf8.decode(buf.subarray(start, stop));
}

/** True when the bytes are valid UTF-8 (used by strict decoders and tests). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A NUL-terminated UTF-8 string. */
export function stringBytes(s: string, terminate = true): Uint8Array {
  const body = encoder.encode(s);
  if (!terminate) return body;
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  return out;
}

export interface Bitfield32 {
  value: number;
  selector: number;
}

export function readBitfield32(buf: Uint8Array, start: number, end: number): Bitfield32 {
  if (end - start !== 8) throw new DecodeError(`bitfield32 of ${end - start} bytes (want 8)`, start);
  if (start < 0 || end > buf.length) throw new RangeError('Offset is outside the bounds of the DataView');
  const v = viewOf(buf);
  const at = buf.byteOffset + start;
  return { value: v.getUint32(at, true), selector: v.getUint32(at + 4, true) };
}

export function bitfield32Bytes(b: Bitfield32): Uint8Array {
  const out = new Uint8Array(8);
  const v = dv(out);
  v.setUint32(0, b.value >>> 0, true);
  v.setUint32(4, b.selector >>> 0, true);
  return out;
}
