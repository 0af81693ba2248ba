/**
 * Subscriptions: multicast group membership (reference-counted, so two subscribers to one group
 * share it) and the queues that receive unsolicited messages: notifications from the kernel,
 * or requests from user-space peers.
 */
import { AsyncQueue } from './queue.js';
import type { Backpressure } from './flow-control.js';
import type { Transport } from '../transport/types.js';
import type { NlMessage } from '../wire/header.js';
import { AbortError, OverrunError } from '../errors.js';
import type { AbortSignalLike } from '../platform.js';

/** A message that was not a reply to one of our calls: a notification or a peer's request. */
export interface Unsolicited {
  message: NlMessage;
  /** Sender port id: 0 for the kernel. */
  sender: number;
}

export class Subscriptions {
  private readonly queues = new Set<AsyncQueue<Unsolicited>>();
  private readonly groupRefs = new Map<number, number>();

  constructor(private readonly transport: Transport, private readonly backpressure: Backpressure) {}

  /** A queue of everything unsolicited, after joining `groups`; leaving the loop leaves them. */
  open(groups: number[], signal: AbortSignalLike | undefined, isClosed: () => boolean): AsyncIterableIterator<Unsolicited> {
    const queue = new AsyncQueue<Unsolicited>();
    for (const g of groups) this.join(g);
    const leave = () => {
      if (!this.queues.delete(queue)) return;
      if (!isClosed()) for (const g of groups) this.leave(g);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      queue.abort(new AbortError(signal?.reason));
      leave();
    };
    queue.onReturn = leave;
    queue.onDiscard = (n) => this.backpressure.remove(n);
    queue.onQueued = () => this.backpressure.add(1);
    queue.onDrain = () => this.backpressure.remove(1);
    this.queues.add(queue);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return queue;
  }

  deliver(message: NlMessage, sender: number): void {
    for (const q of this.queues) q.push({ message, sender });
  }

  /** Notifications were lost: every subscriber hears it, after what it already has. */
  overrun(): void {
    for (const q of this.queues) q.fail(new OverrunError(), false);
  }

  failAll(err: Error): void {
    for (const q of this.queues) q.fail(err);
    this.queues.clear();
  }

  private join(group: number): void {
    const n = this.groupRefs.get(group) ?? 0;
    if (n === 0) this.transport.addMembership(group);
    this.groupRefs.set(group, n + 1);
  }

  private leave(group: number): void {
    const n = this.groupRefs.get(group) ?? 0;
    if (n <= 1) {
      this.groupRefs.delete(group);
      try {
        this.transport.dropMembership(group);
      } catch {
        // the socket may be closing
      }
    } else this.groupRefs.set(group, n - 1);
  }
}
