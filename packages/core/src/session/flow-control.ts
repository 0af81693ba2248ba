/**
 * Flow control, both directions.
 *
 * RequestWindow bounds what is in flight so the answers cannot overflow the receive buffer:
 * each request reserves an estimate of the buffer space its answer takes (learned per request
 * type from the answers seen), and requests beyond the budget wait, in order, for earlier ones
 * to finish. Waiting requests leave in as few datagrams as fit (64 KiB each).
 *
 * Backpressure pauses reading from the socket while consumers (dumps, subscriptions) have too
 * much queued, so a slow consumer never makes memory grow; the kernel paces dumps to our reads.
 */
import { requestType, type PendingCall } from './pending.js';
import type { Transport } from '../transport/types.js';

/** A datagram of pipelined requests stays within this size. */
const CHUNK_BYTES = 65536;
/** Answer size assumed for a request type before one has been seen: a full-size kernel reply. */
const UNSEEN_REPLY_BYTES = 8192;
/** Kernel bookkeeping around each message it queues to us (sk_buff and shared info). */
const SKB_OVERHEAD = 576;

/**
 * Receive-buffer space an answer of `bytes` in `messages` messages occupies. The kernel counts
 * each message's allocation (rounded up to a power of two, and often sized for the largest
 * possible reply rather than the actual one), so the estimate doubles what it sees.
 */
function bufferCost(bytes: number, messages: number): number {
  const data = 2 ** Math.ceil(Math.log2(Math.max(bytes, 64)));
  return 2 * data + messages * SKB_OVERHEAD;
}

export class RequestWindow {
  private readonly waiting: PendingCall[] = [];
  private head = 0;
  private reserved = 0;
  private inFlight = 0;
  /** Largest answer seen per request type: [bytes, messages]. */
  private readonly learned = new Map<number, [number, number]>();
  private pumping = false;
  private again = false;

  constructor(
    /** Receive-buffer bytes answers may take (the rest is left to dumps and notifications). */
    private readonly budget: number,
    /** A hard cap on requests in flight, whatever their size. */
    private readonly maxInFlight: number,
    /** Sends requests that fit as one datagram. */
    private readonly transmit: (calls: PendingCall[], bytes: Uint8Array) => void,
  ) {}

  get waitingCount(): number {
    return this.waiting.length - this.head;
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Queues a request; pump() sends it when it fits. `front` puts a re-sent request first. */
  enqueue(call: PendingCall, front = false): void {
    if (front && this.head > 0) this.waiting[--this.head] = call;
    else if (front) this.waiting.unshift(call);
    else this.waiting.push(call);
  }

  /** Withdraws a request that has not been sent; true when it was still waiting. */
  withdraw(call: PendingCall): boolean {
    const i = this.waiting.indexOf(call, this.head);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    return true;
  }

  /**
   * A sent request's answer is complete (or given up on): its reservation is freed. Waiting
   * requests go out on the next microtask, so room freed by a whole batch of answers (or by
   * several aborts at once) is filled with one datagram, not one per answer.
   */
  release(call: PendingCall): void {
    if (!call.held) return;
    if (call.replyMessages > 0) this.learn(call);
    this.reserved -= call.held;
    this.inFlight--;
    call.held = 0;
    if (this.head < this.waiting.length && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.pump();
      });
    }
  }
  private scheduled = false;

  /** Sends every waiting request that fits, in order, batched into datagrams. */
  pump(): void {
    if (this.pumping) {
      this.again = true; // a synchronous answer released room while we were sending
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (this.head < this.waiting.length && this.sendChunk());
      } while (this.again);
    } finally {
      this.pumping = false;
    }
    if (this.head > 0 && this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    }
  }

  /** Drops every waiting request (the session is closing); returns them. */
  takeWaiting(): PendingCall[] {
    const rest = this.waiting.slice(this.head);
    this.waiting.length = 0;
    this.head = 0;
    return rest;
  }

  private sendChunk(): boolean {
    const calls: PendingCall[] = [];
    let bytes = 0;
    while (this.head < this.waiting.length) {
      const call = this.waiting[this.head]!;
      call.cost = this.estimate(call); // at send time, from everything learned so far
      if (!this.fits(call)) break;
      if (calls.length > 0 && bytes + call.request.length > CHUNK_BYTES) break;
      this.waiting[this.head++] = undefined as unknown as PendingCall;
      call.held = call.cost;
      this.reserved += call.cost;
      this.inFlight++;
      calls.push(call);
      bytes += call.request.length;
    }
    if (calls.length === 0) return false;
    let data: Uint8Array;
    if (calls.length === 1) data = calls[0]!.request;
    else {
      // One contiguous buffer: as separate iovecs, many small requests would pass IOV_MAX.
      data = new Uint8Array(bytes);
      let at = 0;
      for (const c of calls) {
        data.set(c.request, at);
        at += c.request.length;
      }
    }
    this.transmit(calls, data);
    return true;
  }

  private estimate(call: PendingCall): number {
    const seen = this.learned.get(requestType(call));
    return seen ? bufferCost(seen[0], seen[1]) : bufferCost(UNSEEN_REPLY_BYTES, 2);
  }

  private fits(call: PendingCall): boolean {
    if (this.inFlight === 0) return true; // one always goes, however large its estimate
    return this.inFlight < this.maxInFlight && this.reserved + call.cost <= this.budget;
  }

  private learn(call: PendingCall): void {
    const type = requestType(call);
    const seen = this.learned.get(type);
    if (!seen) this.learned.set(type, [call.replyBytes, call.replyMessages]);
    else {
      if (call.replyBytes > seen[0]) seen[0] = call.replyBytes;
      if (call.replyMessages > seen[1]) seen[1] = call.replyMessages;
    }
  }
}

/** Pauses the socket while consumers hold `highWaterMark` unread messages; resumes at half. */
export class Backpressure {
  private queued = 0;
  private paused = false;

  constructor(private readonly transport: Transport, private readonly highWaterMark: number) {}

  get isPaused(): boolean {
    return this.paused;
  }

  add(n = 1): void {
    this.queued += n;
    if (!this.paused && this.queued >= this.highWaterMark) {
      this.paused = true;
      this.transport.pause();
    }
  }

  remove(n = 1): void {
    this.queued = Math.max(0, this.queued - n);
    if (this.paused && this.queued <= this.highWaterMark / 2) {
      this.paused = false;
      this.transport.resume();
    }
  }

  /** After close: never resume a closed transport. */
  stop(): void {
    this.paused = true;
  }
}
