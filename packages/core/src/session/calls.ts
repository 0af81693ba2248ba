/**
 * Request tracking and dispatch: which call each incoming message belongs to. Calls that ended
 * before their peer answered (timeout, abort, lost and re-sent) are remembered for a while, so
 * their late answers are dropped and counted instead of being mistaken for notifications.
 */
import { nameExtAck, requestType, type PendingCall } from './pending.js';
import type { NlMessage } from '../wire/header.js';
import { NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_DUMP_INTR } from '../wire/constants.js';
import { parseErrorPayload } from '../wire/extack.js';
import { NetlinkError, OverrunError } from '../errors.js';

/** How many ended calls are remembered for late answers; the oldest is forgotten first. */
const EXPIRED_LIMIT = 65536;

export interface CallCounters {
  /** Answers that came after their call had ended (timeout, abort, re-send), dropped. */
  lateReplies: number;
  /** Acks, errors and DONEs that matched no call, dropped. */
  strayControl: number;
}

export class CallTable {
  readonly live = new Map<number, PendingCall>();
  /** seq → whether data messages for it were replies (and so are dropped when late). */
  private readonly expired = new Map<number, boolean>();
  readonly counters: CallCounters = { lateReplies: 0, strayControl: 0 };

  add(call: PendingCall): void {
    this.live.set(call.seq, call);
  }

  /** The call finished normally: its answer is complete. */
  remove(call: PendingCall): void {
    if (this.live.get(call.seq) === call) this.live.delete(call.seq);
  }

  /** The call ended before its answer did: drop whatever still comes for its seq. */
  expire(call: PendingCall): void {
    this.remove(call);
    if (!call.sent) return;
    this.expired.set(call.seq, call.expectReply || call.kind === 'dump');
    if (this.expired.size > EXPIRED_LIMIT) this.expired.delete(this.expired.keys().next().value!);
  }

  /**
   * Forgets ended calls sent before `seq`: once the answer to a request sent after them has
   * arrived, whatever of theirs has not come never will (it was lost in an overrun).
   */
  forgetExpiredBefore(seq: number): void {
    for (const old of this.expired.keys()) if (((seq - old) >>> 0) < 0x80000000 && old !== seq) this.expired.delete(old);
  }

  /**
   * Routes one message from `sender`. Returns false when it belongs to no call: the caller
   * hands it to subscribers as a notification (or a peer's request).
   */
  route(m: NlMessage, sender: number, peer: number): boolean {
    if (m.seq === 0 || sender !== peer) return !this.isControl(m.type) ? false : this.stray();
    const call = this.live.get(m.seq);
    if (call) return this.deliver(call, m);
    const replies = this.expired.get(m.seq);
    if (replies !== undefined) {
      if (m.type === NLMSG_ERROR || m.type === NLMSG_DONE) {
        this.expired.delete(m.seq);
        this.counters.lateReplies++;
        return true;
      }
      if (m.type === NLMSG_NOOP) return true;
      if (replies) {
        this.counters.lateReplies++;
        return true;
      }
    }
    return !this.isControl(m.type) ? false : this.stray();
  }

  private deliver(call: PendingCall, m: NlMessage): boolean {
    call.replyBytes += m.length;
    call.replyMessages++;
    switch (m.type) {
      case NLMSG_NOOP:
        return true;
      case NLMSG_OVERRUN:
        call.onError(new OverrunError());
        return true;
      case NLMSG_ERROR: {
        const { error, extack } = parseErrorPayload(m.buf, m.start, m.end, m.flags);
        if (error === 0) {
          if (call.kind === 'request') call.onDone(m);
          return true;
        }
        call.onError(makeError(-error, extack, call));
        return true;
      }
      case NLMSG_DONE: {
        if (call.kind !== 'dump') return true;
        if (m.end - m.start >= 4) {
          const code = new DataView(m.buf.buffer, m.buf.byteOffset).getInt32(m.start, true);
          if (code < 0) {
            const { extack } = parseErrorPayload(m.buf, m.start, m.end, m.flags, false);
            call.onError(makeError(-code, extack, call));
            return true;
          }
        }
        call.onDone(m);
        return true;
      }
      default:
        if (call.kind === 'dump' || call.expectReply) {
          call.onMessage(m);
          return true;
        }
        // A notification the request caused (it carries the request's seq): not a reply.
        return false;
    }
  }

  private isControl(type: number): boolean {
    return type === NLMSG_ERROR || type === NLMSG_DONE || type === NLMSG_NOOP || type === NLMSG_OVERRUN;
  }

  private stray(): true {
    this.counters.strayControl++;
    return true;
  }
}

/** Whether a dump message (or its DONE) says the dump became inconsistent. */
export function isInterrupted(m: NlMessage | undefined): boolean {
  return m !== undefined && (m.flags & NLM_F_DUMP_INTR) !== 0;
}

function makeError(errno: number, extack: NetlinkError['extack'], call: PendingCall): NetlinkError {
  return new NetlinkError(errno, nameExtAck(call.namer, extack, call.request), requestType(call), call.operation);
}
