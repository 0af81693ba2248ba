/**
 * One request in flight: a class rather than a bag of closures, because a busy program has
 * thousands of these at once and each closure is an allocation.
 */
import type { CallTable } from './calls.js';
import type { Deadlines, Expiring } from './deadlines.js';
import type { RequestWindow } from './flow-control.js';
import { describeCall, type ExtAckNamer, type PendingCall } from './pending.js';
import type { NlMessage } from '../wire/header.js';
import type { AbortSignalLike } from '../platform.js';
import { AbortError, OutcomeUnknownError, TimeoutError } from '../errors.js';

/** What a request needs of its session. */
export interface RequestHost {
  readonly calls: CallTable;
  readonly window: RequestWindow;
  readonly deadlines: Deadlines;
  nextSeq(): number;
  /** A lost answer: re-sent (read-only) or given up (changes state). */
  countLost(resent: boolean): void;
}

export class RequestCall implements PendingCall, Expiring {
  readonly kind = 'request' as const;
  sent = false;
  cost = 0;
  held = 0;
  replyBytes = 0;
  replyMessages = 0;
  operation: string | undefined;
  namer: ExtAckNamer | undefined;
  prevDue?: Expiring;
  nextDue?: Expiring;
  dueAt?: number;
  dueLane?: Expiring['dueLane'];
  private replies: NlMessage[] = [];
  private settled = false;
  private abortListener: (() => void) | undefined;

  constructor(
    private readonly host: RequestHost,
    public seq: number,
    readonly request: Uint8Array,
    readonly expectReply: boolean,
    readonly readOnly: boolean,
    private readonly ms: number,
    private readonly signal: AbortSignalLike | undefined,
    private readonly resolve: (replies: NlMessage[]) => void,
    private readonly reject: (err: Error) => void,
  ) {
    host.calls.add(this);
    if (ms > 0) host.deadlines.add(this, ms);
    if (signal) {
      this.abortListener = () => this.giveUp(new AbortError(signal.reason, this.sent));
      signal.addEventListener('abort', this.abortListener, { once: true });
    }
  }

  onMessage(m: NlMessage): void {
    this.replies.push(m);
  }

  onDone(): void {
    if (!this.settle()) return;
    this.host.calls.remove(this);
    this.host.window.release(this);
    this.resolve(this.replies);
  }

  onError(err: Error, wireDone = true): void {
    if (!wireDone) return this.giveUp(err);
    if (!this.settle()) return;
    this.host.calls.remove(this);
    this.host.window.release(this);
    this.reject(err);
  }

  onDeadline(): void {
    this.giveUp(new TimeoutError(this.ms, describeCall(this), this.sent));
  }

  onLost(): void {
    if (this.settled) return;
    const { host } = this;
    if (!this.readOnly) {
      host.countLost(false);
      this.giveUp(new OutcomeUnknownError(describeCall(this)));
      return;
    }
    // Read-only: ask again under a new seq; the old answer, should it come, is dropped.
    host.countLost(true);
    host.calls.expire(this);
    this.replyMessages = 0; // a partial answer teaches flow control nothing
    host.window.release(this);
    this.replies = [];
    this.replyBytes = 0;
    this.sent = false;
    this.seq = host.nextSeq();
    new DataView(this.request.buffer, this.request.byteOffset).setUint32(8, this.seq, true);
    host.calls.add(this);
    host.window.enqueue(this, true);
    host.window.pump();
  }

  /** Ends the call from our side: nothing more is read for it, whatever still comes. */
  giveUp(err: Error): void {
    if (!this.settle()) return;
    const { host } = this;
    if (this.sent) {
      host.calls.expire(this);
      host.window.release(this);
    } else {
      host.window.withdraw(this);
      host.calls.remove(this);
    }
    this.reject(err);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.host.deadlines.remove(this);
    if (this.abortListener) this.signal!.removeEventListener('abort', this.abortListener);
    return true;
  }
}
