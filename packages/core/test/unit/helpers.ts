/** Shared helpers for core's unit tests: annotated hex, and netlink messages built by hand. */
import { splitMessages, type NlMessage } from '../core.js';

/**
 * Bytes from annotated hex, rust-netlink style: one field per line, `//` comments, any
 * whitespace. `hx\`0c 00 // len\`` → Uint8Array [0x0c, 0x00].
 */
export function hx(strings: TemplateStringsArray | string, ...values: unknown[]): Uint8Array {
  const text = typeof strings === 'string' ? strings : String.raw({ raw: strings }, ...values);
  const clean = text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, ''))
    .join(' ')
    .replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex: ${clean}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex with a space between bytes, for readable failure diffs. */
export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
}

export function s32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  return b;
}

/** One nlattr (header, payload, padding to 4 bytes). */
export function nla(type: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const len = 4 + payload.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint16(0, len, true);
  dv.setUint16(2, type, true);
  out.set(payload, 4);
  return out;
}

export function cstr(s: string): Uint8Array {
  return concat(new TextEncoder().encode(s), new Uint8Array(1));
}

/** One netlink message (nlmsghdr + body, padded to 4 bytes). */
export function nlmsg(type: number, flags: number, seq: number, body: Uint8Array = new Uint8Array(0), portId = 4242): Uint8Array {
  const len = 16 + body.length;
  const out = new Uint8Array((len + 3) & ~3);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, len, true);
  dv.setUint16(4, type, true);
  dv.setUint16(6, flags, true);
  dv.setUint32(8, seq, true);
  dv.setUint32(12, portId, true);
  out.set(body, 16);
  return out;
}

/**
 * An NLMSG_ERROR message answering `req` (its first 16 bytes are echoed, as with
 * NETLINK_CAP_ACK), optionally followed by extended-ack TLVs.
 */
export function errorMsg(req: NlMessage, error: number, tlvs?: Uint8Array): Uint8Array {
  const hdr = req.buf.slice(req.start - 16, req.start);
  const flags = 0x100 /* CAPPED */ | (tlvs ? 0x200 /* ACK_TLVS */ : 0);
  return nlmsg(2, flags, req.seq, concat(s32le(error), hdr, tlvs ?? new Uint8Array(0)));
}

export function ackMsg(req: NlMessage): Uint8Array {
  return errorMsg(req, 0);
}

export function doneMsg(seq: number, error = 0, flags = 0x2, tlvs?: Uint8Array): Uint8Array {
  return nlmsg(3, flags | (tlvs ? 0x200 : 0), seq, concat(s32le(error), tlvs ?? new Uint8Array(0)));
}

/** The single message a session sent in `datagram`. */
export function firstMessage(datagram: Uint8Array): NlMessage {
  const [m] = splitMessages(datagram);
  if (!m) throw new Error('empty datagram');
  return m;
}

export const tick = () => new Promise<void>((r) => setImmediate(r));
