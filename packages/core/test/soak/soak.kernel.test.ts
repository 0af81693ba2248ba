/**
 * A bounded soak in the suite: 100,000 mixed operations on one session (do, dump, abandoned
 * dump, abort, timeout, close) must all settle with allowed outcomes, with heap and fds flat.
 * The long soak is `pnpm --filter @nlkit/core soak --minutes N` (root).
 */
import { expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeKernel, kernelIt, withNetns } from '@nlkit/testkit';

const HEAP_BOUND = 4 * 1024 * 1024;

describeKernel('soak: one session under mixed load', () => {
  kernelIt('100,000 mixed operations all settle; heap and fds stay flat', async () => {
    const child = fileURLToPath(new URL('./soak-child.mjs', import.meta.url));
    await withNetns((ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      const out = execFileSync(process.execPath, ['--expose-gc', child, ns.name, '100000'], { encoding: 'utf8', timeout: 170_000 });
      const r = JSON.parse(out.trim().split('\n').pop()!);
      console.log(`soak: ${r.ops} ops ${JSON.stringify(r.outcomes)} stats ${JSON.stringify(r.stats)} heap ${r.samples.map((s: { heap: number }) => s.heap).join(' -> ')} fds ${r.samples.map((s: { fds: number }) => s.fds).join(' -> ')}`);
      expect(r.gc).toBe(true);
      expect(r.unexpected).toEqual([]);
      expect(r.ops).toBeGreaterThanOrEqual(105_000);
      // Every kind of operation happened, and the ones that can go either way did both at least once.
      for (const k of ['get:ok', 'dump:ok', 'dump-break:ok', 'abort:AbortError', 'closing:SessionClosedError']) expect(r.outcomes[k], k).toBeGreaterThan(0);
      const [start, half, end] = r.samples;
      expect(end.fds).toBe(start.fds);
      expect(end.heap - start.heap).toBeLessThan(HEAP_BOUND);
      expect(r.stats).toMatchObject({ inFlight: 0, waiting: 0, dumpsWaiting: 0 });
      expect(half).toBeDefined();
    }, 'soak');
  }, 180_000);
});
