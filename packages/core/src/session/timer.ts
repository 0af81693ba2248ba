/**
 * Timeouts of any length. Node's setTimeout fires after 1 ms for delays above 2^31-1 ms (about
 * 24.8 days); longer delays are run as a chain of shorter ones, so every timeout is honoured.
 */
const MAX_DELAY = 0x7fffffff;

export class Timer {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private due = 0;

  constructor(private readonly ms: number, private readonly onFire: () => void) {
    this.arm();
  }

  /**
   * Notes activity (a dump's gap timer, on each message). Cheap enough for every message: the
   * timer only re-arms when it would fire, so it fires after `ms` to 2·`ms` of silence.
   */
  touch(): void {
    this.touched = true;
  }
  private touched = false;

  /** Lets the process exit while only this timer is pending (the handle is re-made on re-arm). */
  unref(): void {
    this.unrefd = true;
    this.handle?.unref();
  }
  private unrefd = false;

  clear(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }

  private arm(): void {
    if (this.ms <= MAX_DELAY) {
      this.handle = setTimeout(() => this.fire(), this.ms);
    } else {
      this.due = Date.now() + this.ms;
      this.handle = setTimeout(() => this.step(), MAX_DELAY);
    }
    if (this.unrefd) this.handle.unref();
  }

  private step(): void {
    const left = this.due - Date.now();
    if (left > 0) {
      this.handle = setTimeout(() => this.step(), Math.min(left, MAX_DELAY));
      if (this.unrefd) this.handle.unref();
    } else this.fire();
  }

  private fire(): void {
    this.handle = undefined;
    if (this.touched) {
      this.touched = false;
      this.arm();
      return;
    }
    this.onFire();
  }
}

/**
 * Checks a timeout given by a caller: a number of ms ≥ 0, where 0 and Infinity mean "none".
 * Anything else (negative, NaN, a string) is refused up front rather than misread.
 */
export function timeoutMs(value: unknown, fallback: number, what = 'timeoutMs'): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`${what} must be a number of milliseconds ≥ 0 (0 or Infinity for none), not ${String(value).slice(0, 40)}`);
  }
  return value === Infinity ? 0 : value;
}
