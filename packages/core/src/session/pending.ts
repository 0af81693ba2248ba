/** Book-keeping for one in-flight request or dump. */
import type { NlMessage } from '../wire/header.js';
import type { ExtAck } from '../errors.js';

export type ExtAckNamer = (ack: ExtAck, request: Uint8Array) => Partial<ExtAck>;

export interface PendingCall {
  seq: number;
  kind: 'request' | 'dump';
  /** The request as sent, so an extack offset can be turned into attribute names. */
  request: Uint8Array;
  /** For requests: may data messages with this seq be replies? (Else they are notifications.) */
  expectReply: boolean;
  namer?: ExtAckNamer;
  operation?: string;
  onMessage(msg: NlMessage): void;
  /** The final message (the ack or NLMSG_DONE), when there is one. */
  onDone(msg?: NlMessage): void;
  onError(err: Error): void;
}
