/**
 * An async-iterable queue: producers push, one consumer pulls. Errors are delivered in order,
 * after the items queued before them. Used for dumps and notifications.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private items: T[] = [];
  private head = 0;
  private waiter?: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void };
  private ended = false;
  private error?: unknown;
  /** Called when an item is stored because no consumer was waiting for it... */
  onQueued?: () => void;
  /** ...and when the consumer takes a stored item. (Items handed straight to a waiting consumer count for neither.) */
  onDrain?: () => void;
  onReturn?: () => void;
  /** Called with the number of queued items dropped unread by return() or abort(). */
  onDiscard?: (n: number) => void;
  /** Index in `items` before which a pending error is thrown: items pushed after it come after it. */
  private errorAt = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  get done(): boolean {
    return this.ended && this.size === 0 && this.error === undefined;
  }

  push(item: T): void {
    if (this.ended) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    this.onQueued?.();
  }

  /** Queue an error: thrown to the consumer after the items already queued. */
  fail(err: unknown, final = true): void {
    if (this.ended) return;
    if (this.waiter && this.size === 0) {
      const w = this.waiter;
      this.waiter = undefined;
      if (final) this.ended = true;
      w.reject(err);
      if (final) this.settle();
      return;
    }
    this.error = err;
    this.errorAt = this.items.length;
    this.errorIsFinal = final;
  }
  private errorIsFinal = true;

  /** Drops what is queued and throws `err` to the consumer at once. */
  abort(err: unknown): void {
    const dropped = this.size;
    this.items = [];
    this.head = 0;
    this.ended = true;
    if (dropped > 0) this.onDiscard?.(dropped);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(err);
      this.settle();
      return;
    }
    this.error = err;
    this.errorAt = 0;
    this.errorIsFinal = true;
  }

  /** Called once the consumer has seen the end, an error that ends it, or returned. */
  onSettled?: () => void;
  private settled = false;
  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.onSettled?.();
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.waiter && this.size === 0 && this.error === undefined) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
      this.settle();
    }
  }

  /** True when next() would resolve at once with an item. */
  get hasItem(): boolean {
    return this.size > 0 && (this.error === undefined || this.head < this.errorAt);
  }

  /** Takes the next queued item synchronously; call only when hasItem. */
  shift(): T {
    const value = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.errorAt = Math.max(0, this.errorAt - this.head);
      this.head = 0;
    }
    this.onDrain?.();
    return value;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.hasItem) return Promise.resolve({ value: this.shift(), done: false });
    if (this.error !== undefined) {
      const err = this.error;
      this.error = undefined;
      if (this.errorIsFinal) {
        this.ended = true;
        this.settle();
      }
      return Promise.reject(err);
    }
    if (this.ended) {
      this.settle();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const wasEnded = this.ended;
    const dropped = this.size;
    this.ended = true;
    this.items = [];
    this.head = 0;
    this.error = undefined;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
    if (!wasEnded) this.onReturn?.();
    if (dropped > 0) this.onDiscard?.(dropped);
    this.settle();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
