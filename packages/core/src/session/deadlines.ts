/**
 * Timeouts for many calls at once, cheaply: calls with the same timeout join one list in the
 * order they started, so the list is also in deadline order, and one timer per list fires for
 * its head. Joining and leaving are O(1) and allocate nothing (the links live on the call).
 */
import { Timer } from './timer.js';


export interface Expiring {
  /** Links and deadline, owned by Deadlines. */
  prevDue?: Expiring;
  nextDue?: Expiring;
  dueAt?: number;
  dueLane?: Lane;
  /** Called once when the deadline passes before the call left its list. */
  onDeadline(): void;
}

class Lane {
  head: Expiring | undefined;
  tail: Expiring | undefined;
  timer: Timer | undefined;
  constructor(readonly ms: number) {}
}

export class Deadlines {
  private readonly lanes = new Map<number, Lane>();

  /** Starts `item`'s clock: it expires `ms` from now unless it leaves first. */
  add(item: Expiring, ms: number): void {
    let lane = this.lanes.get(ms);
    if (!lane) {
      lane = new Lane(ms);
      this.lanes.set(ms, lane);
    }
    item.dueAt = Date.now() + ms;
    item.dueLane = lane;
    item.prevDue = lane.tail;
    item.nextDue = undefined;
    if (lane.tail) lane.tail.nextDue = item;
    else lane.head = item;
    lane.tail = item;
    lane.timer ??= this.arm(lane, ms);
  }

  /** Stops `item`'s clock (it settled). */
  remove(item: Expiring): void {
    const lane = item.dueLane;
    if (!lane) return;
    if (item.prevDue) item.prevDue.nextDue = item.nextDue;
    else lane.head = item.nextDue;
    if (item.nextDue) item.nextDue.prevDue = item.prevDue;
    else lane.tail = item.prevDue;
    item.prevDue = item.nextDue = item.dueLane = undefined;
    // An emptied lane keeps its timer: when it fires with nothing due, the lane goes away.
  }

  /** Stops every clock (the session closed). */
  clear(): void {
    for (const lane of this.lanes.values()) lane.timer?.clear();
    this.lanes.clear();
  }

  private fire(lane: Lane): void {
    lane.timer = undefined;
    const now = Date.now();
    while (lane.head && lane.head.dueAt! <= now) {
      const item = lane.head;
      this.remove(item);
      item.onDeadline();
    }
    if (lane.head) lane.timer ??= this.arm(lane, Math.max(1, lane.head.dueAt! - now));
    else if (this.lanes.get(lane.ms) === lane) this.lanes.delete(lane.ms);
  }

  /** Unref'd: an open session's socket keeps the process alive, a pending deadline need not. */
  private arm(lane: Lane, ms: number): Timer {
    const timer = new Timer(ms, () => this.fire(lane));
    timer.unref();
    return timer;
  }
}
