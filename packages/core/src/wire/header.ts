/** nlmsghdr and genlmsghdr. */
import { DecodeError } from '../errors.js';
import { GENL_HDRLEN, NLMSG_HDRLEN, align4 } from './constants.js';
import { viewOf } from './view.js';

export interface NlMsgHeader {
  /** Total length including the 16-byte header. */
  length: number;
  type: number;
  flags: number;
  seq: number;
  portId: number;
}

/** A received message: its header, and where its payload lies in the datagram. */
export interface NlMessage extends NlMsgHeader {
  buf: Uint8Array;
  /** Offset of the payload (just past nlmsghdr). */
  start: number;
  /** Offset just past the message. */
  end: number;
}

export function readHeader(buf: Uint8Array, off: number): NlMsgHeader {
  if (buf.length - off < NLMSG_HDRLEN) throw new DecodeError(`${buf.length - off} bytes is too short for nlmsghdr`, off);
  const dv = viewOf(buf);
  const at = buf.byteOffset + off;
  return {
    length: dv.getUint32(at, true),
    type: dv.getUint16(at + 4, true),
    flags: dv.getUint16(at + 6, true),
    seq: dv.getUint32(at + 8, true),
    portId: dv.getUint32(at + 12, true),
  };
}

export function writeHeader(buf: Uint8Array, off: number, h: NlMsgHeader): void {
  const dv = new DataView(buf.buffer, buf.byteOffset + off, NLMSG_HDRLEN);
  dv.setUint32(0, h.length, true);
  dv.setUint16(4, h.type, true);
  dv.setUint16(6, h.flags, true);
  dv.setUint32(8, h.seq, true);
  dv.setUint32(12, h.portId, true);
}

/** Splits one datagram into its netlink messages; a malformed one throws DecodeError. */
export function splitMessages(buf: Uint8Array): NlMessage[] {
  const { messages, malformed } = splitDatagram(buf);
  if (malformed) throw malformed;
  return messages;
}

/**
 * Splits one datagram, keeping the well-formed messages before a malformed one: the caller
 * can deliver those and report the rest (`malformed.offset` is where it starts).
 */
export function splitDatagram(buf: Uint8Array): { messages: NlMessage[]; malformed?: DecodeError } {
  const messages: NlMessage[] = [];
  let off = 0;
  while (off < buf.length) {
    const left = buf.length - off;
    if (left < NLMSG_HDRLEN) return { messages, malformed: new DecodeError(`${left} trailing bytes are too short for nlmsghdr`, off) };
    // readHeader's fields, read from the bytes directly (one object per message, no DataView).
    const length = u32le(buf, off);
    if (length < NLMSG_HDRLEN) return { messages, malformed: new DecodeError(`nlmsg_len ${length} is shorter than nlmsghdr`, off) };
    if (length > left) return { messages, malformed: new DecodeError(`nlmsg_len ${length} runs past the datagram (${left} bytes left)`, off) };
    messages.push({
      length,
      type: buf[off + 4]! | (buf[off + 5]! << 8),
      flags: buf[off + 6]! | (buf[off + 7]! << 8),
      seq: u32le(buf, off + 8),
      portId: u32le(buf, off + 12),
      buf,
      start: off + NLMSG_HDRLEN,
      end: off + length,
    });
    off += align4(length);
  }
  return { messages };
}

function u32le(buf: Uint8Array, off: number): number {
  return (buf[off]! | (buf[off + 1]! << 8) | (buf[off + 2]! << 16) | (buf[off + 3]! << 24)) >>> 0;
}

export interface GenlHeader {
  cmd: number;
  version: number;
}

export function readGenlHeader(buf: Uint8Array, off: number, end: number): GenlHeader {
  if (end - off < GENL_HDRLEN) throw new DecodeError('message too short for genlmsghdr', off);
  return { cmd: buf[off]!, version: buf[off + 1]! };
}
