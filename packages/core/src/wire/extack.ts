/** Reads NLMSG_ERROR payloads and the extended ack (NLMSGERR_ATTR_*) they carry. */
import type { ExtAck } from '../errors.js';
import { readPolicy } from './policy.js';
import { walkAttrs } from './attrs.js';
import { readString } from './scalars.js';
import {
  NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_NEST, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_POLICY, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_HDRLEN, align4,
} from './constants.js';

/**
 * Parses an NLMSG_ERROR payload (buf[start, end)): the error code, the echoed request header
 * and, with NLM_F_ACK_TLVS, the extended ack.
 */
export function parseErrorPayload(
  buf: Uint8Array, start: number, end: number, flags: number,
  /** False for NLMSG_DONE: its extack TLVs follow the error code directly, with no echoed request. */
  echoesRequest = true,
): { error: number; requestType?: number; requestSeq?: number; extack: ExtAck } {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (end - start < 4) return { error: -22, extack: { message: 'truncated NLMSG_ERROR' } };
  const error = dv.getInt32(start, true);
  let off = start + 4;
  let requestType: number | undefined;
  let requestSeq: number | undefined;
  if (echoesRequest && end - off >= NLMSG_HDRLEN) {
    const origLen = dv.getUint32(off, true);
    requestType = dv.getUint16(off + 4, true);
    requestSeq = dv.getUint32(off + 8, true);
    off += (flags & NLM_F_CAPPED) !== 0 ? NLMSG_HDRLEN : align4(origLen);
  }
  const extack: ExtAck = {};
  if ((flags & NLM_F_ACK_TLVS) !== 0 && off < end) {
    try {
      walkAttrs(buf, off, end, (type, s, e) => {
        switch (type) {
          case NLMSGERR_ATTR_MSG: extack.message = readString(buf, s, e); break;
          case NLMSGERR_ATTR_OFFS: if (e - s >= 4) extack.offset = dv.getUint32(s, true); break;
          case NLMSGERR_ATTR_COOKIE: extack.cookie = buf.slice(s, e); break;
          case NLMSGERR_ATTR_POLICY: extack.policy = readPolicy(buf, s, e); break;
          case NLMSGERR_ATTR_MISS_TYPE: if (e - s >= 4) extack.missingType = dv.getUint32(s, true); break;
          case NLMSGERR_ATTR_MISS_NEST: if (e - s >= 4) extack.missingNestOffset = dv.getUint32(s, true); break;
        }
      });
    } catch {
      // A malformed extack must not hide the errno itself.
    }
  }
  return { error, requestType, requestSeq, extack };
}

