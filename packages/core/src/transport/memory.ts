/**
 * An in-memory transport for tests: a scripted peer answers each sent datagram. The peer can
 * reply immediately, later, or push notifications at any time.
 */
import type { Transport } from './types.js';

export type MemoryPeer = (datagram: Uint8Array, transport: MemoryTransport) => void;

export class MemoryTransport implements Transport {
  readonly sent: Uint8Array[] = [];
  readonly groups = new Set<number>();
  readonly options = new Map<string, number>();
  private onDatagrams?: (d: Uint8Array[], senders: number[]) => void;
  private onError?: (e: Error) => void;
  private paused = false;
  private queue: Array<[Uint8Array, number]> = [];
  closed = false;

  constructor(private readonly peer: MemoryPeer = () => {}, readonly protocol = 0, readonly portId = 4242) {}

  send(data: Uint8Array | Uint8Array[]): void {
    if (this.closed) throw Object.assign(new Error('send EBADF: socket closed'), { code: 'EBADF', errno: 9, syscall: 'sendmsg' });
    const parts = Array.isArray(data) ? data : [data];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const joined = new Uint8Array(total);
    let off = 0;
    for (const p of parts) { joined.set(p, off); off += p.length; }
    this.sent.push(joined);
    this.peer(joined, this);
  }

  /** Delivers datagrams to the session (as the kernel would), now or when resumed. */
  deliver(...datagrams: Uint8Array[]): void {
    this.deliverFrom(0, ...datagrams);
  }

  /** Delivers datagrams sent by a user-space port instead of the kernel. */
  deliverFrom(sender: number, ...datagrams: Uint8Array[]): void {
    if (this.closed) return;
    for (const d of datagrams) this.queue.push([d, sender]);
    this.flush();
  }

  /** Reports an asynchronous socket error such as ENOBUFS. */
  fail(err: Error): void {
    this.onError?.(err);
  }

  private flush(): void {
    if (this.paused || !this.onDatagrams || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.onDatagrams(batch.map(([d]) => d), batch.map(([, sender]) => sender));
  }

  start(onDatagrams: (d: Uint8Array[], senders: number[]) => void, onError: (e: Error) => void): void {
    this.onDatagrams = onDatagrams;
    this.onError = onError;
    this.flush();
  }

  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; queueMicrotask(() => this.flush()); }
  addMembership(group: number): void { this.groups.add(group); }
  dropMembership(group: number): void { this.groups.delete(group); }
  setOption(level: number, name: number, value: number): void { this.options.set(`${level}:${name}`, value); }
  close(): void { this.closed = true; }
}
