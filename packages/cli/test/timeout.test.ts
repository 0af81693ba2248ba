/** --timeout parsing and timers longer than setTimeout's 2^31-1 ms. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_TIMEOUT_S, after, parseTimeout } from '../src/timeout.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('parseTimeout', () => {
  it('seconds to ms, with a default, 0 for none', () => {
    expect(parseTimeout(undefined, 'op', DEFAULT_TIMEOUT_S)).toBe(30_000);
    expect(parseTimeout(undefined, 'monitor')).toBeUndefined();
    expect(parseTimeout('0', 'op', 30)).toBe(0);
    expect(parseTimeout('1.5', 'op')).toBe(1500);
    expect(parseTimeout('0.001', 'op')).toBe(1);
    expect(parseTimeout('3000000', 'op')).toBe(3_000_000_000);
  });

  it('refuses what is not a plain non-negative number of seconds', () => {
    for (const v of ['-1', '1e3', 'abc', '', ' 1', '1.0001', '0x10', 'Infinity', '9'.repeat(30)]) {
      expect(() => parseTimeout(v, 'op'), v).toThrow(/--timeout must be a number of seconds/);
    }
  });
});

describe('after', () => {
  it('fires after delays beyond 2^31-1 ms, not after 1 ms', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const ms = 2 ** 31 + 5_000;
    after(ms, fn);
    vi.advanceTimersByTime(1_000);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2 ** 31 - 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(ms);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled, also after the first link of the chain', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const cancel = after(2 ** 32, fn);
    vi.advanceTimersByTime(2 ** 31);
    cancel();
    vi.advanceTimersByTime(2 ** 33);
    expect(fn).not.toHaveBeenCalled();
  });
});
