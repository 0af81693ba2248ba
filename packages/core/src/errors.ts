/** Errors that nlkit raises. Each has a stable `name` and, where the kernel gave one, an errno. */
import { constants as osConstants } from 'node:os';
import { readPolicy, type AttrPolicy } from './wire/policy.js';
import { walkAttrs } from './wire/attrs.js';
import { readString } from './wire/scalars.js';
import {
  NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_NEST, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG,
  NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_POLICY, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_HDRLEN,
} from './wire/constants.js';

const ERRNO_NAMES = new Map<number, string>();
for (const [name, num] of Object.entries(osConstants.errno)) if (!ERRNO_NAMES.has(num)) ERRNO_NAMES.set(num, name);
// Where Linux has two names for one number, use the one its headers and tools print.
for (const name of ['EOPNOTSUPP', 'EAGAIN', 'EDEADLK'] as const) {
  const num = (osConstants.errno as Record<string, number>)[name];
  if (num !== undefined) ERRNO_NAMES.set(num, name);
}

/** `EPERM` for 1, and so on; `E<n>` for numbers the platform does not name. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(errno) ?? `E${errno}`;
}

/** The decoded extended ACK (NLMSGERR_ATTR_*). */
export interface ExtAck {
  message?: string;
  /** Byte offset of the offending attribute within the request message (from nlmsghdr). */
  offset?: number;
  /** Names of the offending attribute's path, when a spec could resolve the offset. */
  attributePath?: string[];
  cookie?: Uint8Array;
  /** The policy the offending attribute broke. */
  policy?: AttrPolicy;
  /** A required attribute that was missing: its type number... */
  missingType?: number;
  /** ...and its name, when a spec could resolve it. */
  missingAttribute?: string;
  /** Offset of the nest that lacked it (absent: the top level). */
  missingNestOffset?: number;
  /** Names of the path to that nest, when resolved. */
  missingNestPath?: string[];
}

/** The kernel answered a request with an error (NLMSG_ERROR with a negative code). */
export class NetlinkError extends Error {
  override name = 'NetlinkError';
  /** Positive errno, e.g. 22. */
  readonly errno: number;
  /** errno name, e.g. 'EINVAL'. */
  readonly code: string;
  readonly extack: ExtAck;
  /** The request's nlmsghdr type, for context. */
  readonly requestType?: number;

  constructor(errno: number, extack: ExtAck = {}, requestType?: number, operation?: string) {
    const code = errnoName(errno);
    super(NetlinkError.describe(errno, code, extack, operation));
    this.errno = errno;
    this.code = code;
    this.extack = extack;
    this.requestType = requestType;
  }

  static describe(errno: number, code: string, ack: ExtAck, operation?: string): string {
    const parts: string[] = [];
    if (operation) parts.push(`${operation}:`);
    parts.push(ack.message ?? osErrorText(errno));
    parts.push(`(${code})`);
    if (ack.attributePath?.length) parts.push(`at ${ack.attributePath.join('.')}`);
    else if (ack.offset !== undefined) parts.push(`at request offset ${ack.offset}`);
    if (ack.missingAttribute !== undefined || ack.missingType !== undefined) {
      const nest = ack.missingNestPath?.length ? `${ack.missingNestPath.join('.')}.` : '';
      parts.push(`missing ${nest}${ack.missingAttribute ?? `attribute ${ack.missingType}`}`);
    }
    if (ack.policy) parts.push(`policy ${formatPolicy(ack.policy)}`);
    return parts.join(' ');
  }

  /** Re-describe after a spec resolved attribute names. */
  withNames(names: Pick<ExtAck, 'attributePath' | 'missingAttribute' | 'missingNestPath'>, operation?: string): NetlinkError {
    return new NetlinkError(this.errno, { ...this.extack, ...names }, this.requestType, operation);
  }
}

function formatPolicy(p: AttrPolicy): string {
  return Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

const OS_TEXT: Record<string, string> = {
  EPERM: 'Operation not permitted', ENOENT: 'No such file or directory', ESRCH: 'No such process',
  EINVAL: 'Invalid argument', EEXIST: 'File exists', ENODEV: 'No such device', EOPNOTSUPP: 'Operation not supported',
  EBUSY: 'Device or resource busy', ENOBUFS: 'No buffer space available', EAFNOSUPPORT: 'Address family not supported by protocol',
  ENOTSUP: 'Operation not supported', ERANGE: 'Numerical result out of range', EACCES: 'Permission denied',
  ENETUNREACH: 'Network is unreachable', EADDRNOTAVAIL: 'Cannot assign requested address', ENOMEM: 'Cannot allocate memory',
  EMSGSIZE: 'Message too long', ENOSPC: 'No space left on device', ENOTEMPTY: 'Directory not empty',
};

function osErrorText(errno: number): string {
  return OS_TEXT[errnoName(errno)] ?? `error ${errno}`;
}

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
    off += (flags & NLM_F_CAPPED) !== 0 ? NLMSG_HDRLEN : (origLen + 3) & ~3;
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

/** A dump came back with NLM_F_DUMP_INTR: the kernel's data changed while it was dumped. */
export class DumpInterruptedError extends Error {
  override name = 'DumpInterruptedError';
  readonly code = 'EINTR_DUMP';
  constructor(
    /** What the dump yielded before the end (possibly inconsistent). */
    readonly received: number,
    readonly attempts = 1,
  ) {
    super(`dump interrupted: the kernel's state changed during the dump (NLM_F_DUMP_INTR) after ${received} messages${attempts > 1 ? `, ${attempts} attempts` : ''}`);
  }
}

/** The notification socket overran (ENOBUFS): some notifications were lost; resync with a dump. */
export class OverrunError extends Error {
  override name = 'OverrunError';
  readonly code = 'ENOBUFS';
  constructor() {
    super('notifications lost: the socket receive buffer overran (ENOBUFS); resync with a dump');
  }
}

export class TimeoutError extends Error {
  override name = 'TimeoutError';
  readonly code = 'ETIMEDOUT';
  constructor(ms: number, what = 'request') {
    super(`${what} timed out after ${ms} ms`);
  }
}

export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
  constructor(reason?: unknown) {
    super(reason instanceof Error ? reason.message : reason !== undefined ? String(reason) : 'the operation was aborted', { cause: reason });
  }
}

export class SessionClosedError extends Error {
  override name = 'SessionClosedError';
  readonly code = 'ERR_SESSION_CLOSED';
  constructor() {
    super('the netlink session was closed');
  }
}

/** A request value that cannot be encoded; nothing was sent. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly code = 'ERR_NLKIT_VALIDATION';
  constructor(
    /** Path of the offending field, e.g. ['linkinfo', 'data', 'id']. */
    readonly path: string[],
    readonly reason: string,
  ) {
    super(`${path.length ? path.join('.') : '(request)'}: ${reason}`);
  }
}
