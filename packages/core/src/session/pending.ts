/** Book-keeping for one in-flight request or dump. */
import type { NlMessage } from '../wire/header.js';
import type { ExtAck } from '../errors.js';

export type ExtAckNamer = (ack: ExtAck, request: Uint8Array) => Partial<ExtAck>;

export interface PendingCall {
  seq: number;
  kind: 'request' | 'dump';
  /** The request as sent (its header holds `seq`), so an extack offset can be named and a lost request re-sent. */
  request: Uint8Array;
  /** For requests: may data messages with this seq be replies? (Else they are notifications.) */
  expectReply: boolean;
  /** Safe to send again when its answer is lost (a get); a request that changes state never is. */
  readOnly: boolean;
  namer?: ExtAckNamer;
  operation?: string;
  /** Whether the request has reached the socket. */
  sent: boolean;
  /** Receive-buffer bytes its answer is expected to take (flow control's estimate)... */
  cost: number;
  /** ...and what it holds of the window while in flight (0 when it holds nothing). */
  held?: number;
  /** Answer bytes and messages seen so far, so flow control learns reply sizes per request type. */
  replyBytes: number;
  replyMessages: number;
  onMessage(msg: NlMessage): void;
  /** The final message (the ack or NLMSG_DONE), when there is one. */
  onDone(msg?: NlMessage): void;
  /**
   * The call failed. `wireDone` is false when the peer may still send messages for it (a
   * malformed message in the middle of a dump): the session then drains them.
   */
  onError(err: Error, wireDone?: boolean): void;
  /** The call has been handed to the socket. */
  onStart?(): void;
  /** A receive-buffer overrun lost its answer: send again (read-only) or give up. */
  onLost?(): void;
  /** The session's own overrun probe, never a suspect itself. */
  isProbe?: boolean;
}

/**
 * The extack with the attribute names `namer` finds in `request`. A namer that cannot read the
 * request must not hide the kernel's error: then the extack stays as the kernel sent it.
 */
export function nameExtAck(namer: ExtAckNamer | undefined, extack: ExtAck, request: Uint8Array): ExtAck {
  if (!namer) return extack;
  try {
    return { ...extack, ...namer(extack, request) };
  } catch {
    return extack;
  }
}

/** The nlmsghdr type of a call's request. */
export function requestType(call: PendingCall): number {
  return call.request[4]! | (call.request[5]! << 8);
}

/** Operation name for messages: the caller's, or the request's type and seq. */
export function describeCall(call: PendingCall): string {
  return call.operation ?? `${call.kind} type ${requestType(call)} seq ${call.seq}`;
}
