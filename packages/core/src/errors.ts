/**
 * Every error nlkit raises, in one place. One `code` scheme: errors the kernel (or a peer) sent
 * carry the errno's name (`EEXIST`), as Node's system errors do; everything nlkit itself decides
 * carries an `ERR_NLKIT_*` code. Each class has a stable `name`.
 */
import { constants as osConstants } from 'node:os';
import type { AttrPolicy } from './wire/policy.js';
import { describePolicy } from './genl/policy-text.js';

const ERRNO_NAMES = new Map<number, string>();
for (const [name, num] of Object.entries(osConstants.errno)) if (!ERRNO_NAMES.has(num)) ERRNO_NAMES.set(num, name);
// Where Linux has two names for one number, use the one its headers and tools print.
for (const name of ['EOPNOTSUPP', 'EAGAIN', 'EDEADLK'] as const) {
  const num = (osConstants.errno as Record<string, number>)[name];
  if (num !== undefined) ERRNO_NAMES.set(num, name);
}
// Linux errnos Node's table leaves out (asm-generic/errno.h); nf_tables answers ERESTART when
// a transaction's generation guard no longer holds.
if (!ERRNO_NAMES.has(85)) ERRNO_NAMES.set(85, 'ERESTART');

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
  /**
   * A one-line guess at the cause of a classic mistake, when one fits (a `new*` request without
   * the create flag, a `del*` whose selectors matched nothing); set by the family client.
   */
  hint?: string;

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
    if (ack.policy) parts.push(`policy: ${describePolicy(ack.policy)}`);
    return parts.join(' ');
  }

  /** Re-describe after a spec resolved attribute names. */
  withNames(names: Pick<ExtAck, 'attributePath' | 'missingAttribute' | 'missingNestPath'>, operation?: string): NetlinkError {
    const e = new NetlinkError(this.errno, { ...this.extack, ...names }, this.requestType, operation);
    if (this.hint !== undefined) e.hint = this.hint;
    return e;
  }
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

/** Base of the errors nlkit decides on itself; `code` is always `ERR_NLKIT_*`. */
export abstract class NlkitError extends Error {
  abstract readonly code: `ERR_NLKIT_${string}`;
}

/** A message or attribute that cannot be decoded. The only error a decoder may throw. */
export class DecodeError extends NlkitError {
  override name = 'DecodeError';
  readonly code = 'ERR_NLKIT_DECODE';
  constructor(
    message: string,
    /** Byte offset in the buffer being decoded, when known. */
    readonly offset?: number,
    /** Path of attribute names leading to the problem. */
    readonly path: string[] = [],
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${message}` : message);
  }
}

/** A request value that cannot be encoded; nothing was sent. */
export class ValidationError extends NlkitError {
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

/** A dump came back with NLM_F_DUMP_INTR: the kernel's data changed while it was dumped. */
export class DumpInterruptedError extends NlkitError {
  override name = 'DumpInterruptedError';
  readonly code = 'ERR_NLKIT_DUMP_INTERRUPTED';
  constructor(
    /** What the dump yielded before the end (possibly inconsistent). */
    readonly received: number,
    readonly attempts = 1,
  ) {
    super(`dump interrupted: the kernel's state changed during the dump (NLM_F_DUMP_INTR) after ${received} messages${attempts > 1 ? `, ${attempts} attempts` : ''}`);
  }
}

/** The socket's receive buffer overran (ENOBUFS): notifications were lost; resync with a dump. */
export class OverrunError extends NlkitError {
  override name = 'OverrunError';
  readonly code = 'ERR_NLKIT_OVERRUN';
  constructor() {
    super('notifications lost: the socket receive buffer overran (ENOBUFS); resync with a dump');
  }
}

/**
 * The call ended before its answer came. `sent` says whether the request reached the socket:
 * when it did, a request that changes state may or may not have taken effect.
 */
export class TimeoutError extends NlkitError {
  override name = 'TimeoutError';
  readonly code = 'ERR_NLKIT_TIMEOUT';
  constructor(readonly ms: number, what = 'request', readonly sent = true) {
    super(`${what} timed out after ${ms} ms${sent ? '' : ' (never sent)'}`);
  }
}

/** The caller's AbortSignal fired. `sent` as for TimeoutError; an abort before sending sends nothing. */
export class AbortError extends NlkitError {
  override name = 'AbortError';
  readonly code = 'ERR_NLKIT_ABORTED';
  constructor(reason?: unknown, readonly sent = false) {
    super(reason instanceof Error ? reason.message : reason !== undefined ? String(reason) : 'the operation was aborted', { cause: reason });
  }
}

export class SessionClosedError extends NlkitError {
  override name = 'SessionClosedError';
  readonly code = 'ERR_NLKIT_SESSION_CLOSED';
  constructor() {
    super('the netlink session was closed');
  }
}

/**
 * The receive buffer overran while this request was in flight and its answer was lost. It
 * changes state, so it was not sent again: it may or may not have taken effect. Read the
 * state back (or make the request idempotent) before retrying.
 */
export class OutcomeUnknownError extends NlkitError {
  override name = 'OutcomeUnknownError';
  readonly code = 'ERR_NLKIT_OUTCOME_UNKNOWN';
  constructor(readonly operation: string) {
    super(`${operation}: the answer was lost in a receive-buffer overrun (ENOBUFS); the request may or may not have taken effect`);
  }
}

/** A generic netlink family is not registered in the kernel (module not loaded). */
export class FamilyNotFoundError extends NlkitError {
  override name = 'FamilyNotFoundError';
  readonly code = 'ERR_NLKIT_FAMILY_NOT_FOUND';
  constructor(readonly family: string, cause?: unknown) {
    super(`generic netlink family "${family}" is not available in this kernel (is its module loaded?)`, { cause });
  }
}

/** One failed message of a batch. */
export interface BatchFailure {
  /** Index of the message in the batch (0-based); -1 for the batch as a whole. */
  index: number;
  operation?: string;
  error: NetlinkError;
}

/**
 * A batch the kernel refused: nothing of it was applied. `index` and `operation` name the
 * first failed message (-1 and 'batch' when the whole batch was refused, e.g. ERESTART for a
 * stale generation); `failures` lists every message the kernel reported.
 */
export class BatchError extends NetlinkError {
  override name = 'BatchError';
  readonly index: number;
  readonly operation: string;
  readonly failures: BatchFailure[];

  constructor(failures: BatchFailure[], size: number) {
    const first = failures[0]!;
    const op = first.operation ?? (first.index < 0 ? 'batch' : `message ${first.index}`);
    const where = first.index < 0 ? `batch of ${size}` : `message ${first.index} of ${size} (${op})`;
    // ERESTART (85) is not in Node's errno table; say what it means here.
    const ack = first.index < 0 && first.error.errno === 85 && !first.error.extack.message
      ? { ...first.error.extack, message: 'the ruleset generation changed (ERESTART)' } : first.error.extack;
    super(first.error.errno, ack, first.error.requestType, where);
    this.index = first.index;
    this.operation = op;
    this.failures = failures;
  }
}
