/**
 * nlattr TLVs: walking them over a received buffer without copying, and building them with
 * nest lengths patched after the fact.
 */
import { DecodeError } from '../errors.js';
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK, align4 } from './constants.js';

/** One attribute as a view into the buffer it came from. */
export interface RawAttr {
  /** nla_type without the NESTED / NET_BYTEORDER flag bits. */
  type: number;
  nested: boolean;
  netByteOrder: boolean;
  /** Offset of the payload in `buf`. */
  start: number;
  /** Offset just past the payload. */
  end: number;
}

/**
 * The length of the attribute whose header is at buf[off] (with at least NLA_HDRLEN bytes
 * before `end`), checked: shorter than its header or running past `end` is a DecodeError.
 * Every TLV walk (walkAttrs and the compiled set decoders) goes through this one check.
 */
export function attrLen(buf: Uint8Array, off: number, end: number): number {
  const len = buf[off]! | (buf[off + 1]! << 8);
  if (len < NLA_HDRLEN) throw new DecodeError(`attribute length ${len} is shorter than its header`, off);
  if (off + len > end) throw new DecodeError(`attribute type ${(buf[off + 2]! | (buf[off + 3]! << 8)) & NLA_TYPE_MASK} length ${len} runs past the end`, off);
  return len;
}

/**
 * Calls `visit` for each attribute in buf[start, end). A length that runs past `end` or is
 * shorter than the header is a DecodeError; trailing bytes shorter than a header are ignored,
 * as the kernel does.
 */
export function walkAttrs(
  buf: Uint8Array,
  start: number,
  end: number,
  visit: (type: number, valueStart: number, valueEnd: number, rawType: number) => void,
): void {
  let off = start;
  while (end - off >= NLA_HDRLEN) {
    const len = attrLen(buf, off, end);
    const rawType = buf[off + 2]! | (buf[off + 3]! << 8);
    visit(rawType & NLA_TYPE_MASK, off + NLA_HDRLEN, off + len, rawType);
    off += align4(len);
  }
}

/** The attributes of buf[start, end) as an array of views. */
export function readAttrs(buf: Uint8Array, start = 0, end = buf.length): RawAttr[] {
  const out: RawAttr[] = [];
  walkAttrs(buf, start, end, (type, s, e, raw) => {
    out.push({ type, nested: (raw & NLA_F_NESTED) !== 0, netByteOrder: (raw & NLA_F_NET_BYTEORDER) !== 0, start: s, end: e });
  });
  return out;
}

/**
 * A growable little-endian byte writer for netlink messages. Nests are opened and closed;
 * closing patches the nest's length. Message lengths are patched by the session.
 */
export class MessageBuilder {
  buf: Uint8Array;
  view: DataView;
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  reserve(n: number): number {
    const at = this.length;
    const need = at + n;
    if (need > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < need) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    this.length = need;
    return at;
  }

  /** Zero bytes up to a 4-byte boundary. */
  pad4(): void {
    const target = align4(this.length);
    if (target > this.length) {
      const at = this.reserve(target - this.length);
      this.buf.fill(0, at, target);
    }
  }

  bytes(data: Uint8Array): void {
    const at = this.reserve(data.length);
    this.buf.set(data, at);
  }

  zeros(n: number): number {
    const at = this.reserve(n);
    this.buf.fill(0, at, at + n);
    return at;
  }

  u8(v: number): void { this.view.setUint8(this.reserve(1), v); }
  u16(v: number, be = false): void { this.view.setUint16(this.reserve(2), v, !be); }
  u32(v: number, be = false): void { this.view.setUint32(this.reserve(4), v, !be); }

  /** Starts an attribute; returns the offset to pass to `endAttr`. */
  beginAttr(type: number): number {
    const at = this.reserve(NLA_HDRLEN);
    this.view.setUint16(at + 2, type, true);
    return at;
  }

  /** Patches the attribute's length and pads to 4 bytes. */
  endAttr(at: number): void {
    const len = this.length - at;
    if (len > 0xffff) throw new RangeError(`attribute of ${len} bytes exceeds the 65535-byte nlattr limit`);
    this.view.setUint16(at, len, true);
    this.pad4();
  }

  /** A complete attribute with the given payload. */
  attr(type: number, payload: Uint8Array): void {
    const at = this.beginAttr(type);
    this.bytes(payload);
    this.endAttr(at);
  }

  beginNest(type: number, flagNested = true): number {
    return this.beginAttr(flagNested ? type | NLA_F_NESTED : type);
  }

  endNest(at: number): void {
    this.endAttr(at);
  }

  /** A copy of what has been written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
