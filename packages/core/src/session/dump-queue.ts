/**
 * One dump at a time per socket. The kernel runs a single dump per netlink socket and answers a
 * second one with EBUSY, so later dumps wait here, in order, and each starts when the one
 * before it has reached its end on the wire: DONE or an error, even if its consumer left early
 * (the session drains an abandoned dump rather than leave it running in the kernel).
 */
import type { PendingCall } from './pending.js';

export class DumpQueue {
  private active: PendingCall | undefined;
  private readonly waiting: PendingCall[] = [];

  constructor(private readonly start: (call: PendingCall) => void) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Starts the dump now if the socket has none running, else queues it. */
  submit(call: PendingCall): void {
    if (this.active) this.waiting.push(call);
    else this.run(call);
  }

  /** A queued dump leaves before it was sent; true if it was waiting. */
  withdraw(call: PendingCall): boolean {
    const i = this.waiting.indexOf(call);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    return true;
  }

  /** The running dump is over on the wire: the next one starts. */
  ended(call: PendingCall): void {
    if (this.active !== call) return;
    this.active = undefined;
    const next = this.waiting.shift();
    if (next) this.run(next);
  }

  /** Every dump still waiting (the session is closing); the queue is left empty. */
  takeWaiting(): PendingCall[] {
    return this.waiting.splice(0);
  }

  private run(call: PendingCall): void {
    this.active = call;
    this.start(call);
  }
}
