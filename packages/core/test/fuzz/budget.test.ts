/** The fuzz loops' time budget: tools/fuzz/run.mjs --minutes sets one deadline that every loop honours. */
import { afterEach, describe, expect, it } from 'vitest';
import { BATCH, budget, loop, pastDeadline } from './hostile.js';

const saved = { ...budget };
afterEach(() => {
  Object.assign(budget, saved);
});

/** A clock that moves one tick per loop iteration. */
function ticking() {
  const clock = { t: 0, now: () => clock.t };
  return clock;
}

describe('fuzz budget', () => {
  it('a loop stops at the first batch boundary past the deadline', () => {
    const clock = ticking();
    Object.assign(budget, { scale: 1, seconds: 0, deadline: 1000 });
    const ran = loop(1e9, () => { clock.t++; }, clock.now);
    expect(ran).toBe(Math.ceil(1001 / BATCH) * BATCH);
  });

  it('a loop that starts past the deadline still runs one batch, and no more', () => {
    const clock = ticking();
    clock.t = 5000;
    Object.assign(budget, { scale: 1e6, seconds: 0, deadline: 1000 });
    expect(pastDeadline(clock.now)).toBe(true);
    expect(loop(1e9, () => { clock.t++; }, clock.now)).toBe(BATCH);
    // A loop shorter than a batch runs in full.
    budget.scale = 1;
    expect(loop(10, () => { clock.t++; }, clock.now)).toBe(10);
  });

  it('the per-loop share ends a loop before the deadline; without either, the count decides', () => {
    const clock = ticking();
    Object.assign(budget, { scale: 1, seconds: 0.5, deadline: 1e9 });
    // 0.5 s = 500 ticks of this clock.
    expect(loop(1e9, () => { clock.t++; }, clock.now)).toBe(Math.ceil(501 / BATCH) * BATCH);
    Object.assign(budget, { scale: 2, seconds: 0, deadline: 0 });
    expect(pastDeadline(clock.now)).toBe(false);
    expect(loop(1000, () => { clock.t++; }, clock.now)).toBe(2000);
  });
});
