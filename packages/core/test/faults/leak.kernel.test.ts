/**
 * No leaks: 100,000 requests and 1,000 dumps on one session (RTM_GETLINK for lo, in a netns),
 * in a child node process with --expose-gc. Heap used after gc and the /proc/self/fd count
 * must stay flat between warm-up and the end.
 */
import { expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { describeKernel, kernelIt, withNetns } from '@nlkit/testkit';

/** Growth allowed over the whole run: 2 MiB of heap (a leak of one 20-byte object per request would be 2 MB+), 0 fds. */
const HEAP_BOUND = 2 * 1024 * 1024;

describeKernel('no leaks on a long-lived session', () => {
  kernelIt('100,000 requests + 1,000 dumps: heap and fds stay flat', async () => {
    const child = fileURLToPath(new URL('./leak-child.mjs', import.meta.url));
    expect(existsSync(fileURLToPath(new URL('../../dist/index.js', import.meta.url))), 'build core first (tsc -p packages/core)').toBe(true);
    await withNetns((ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      const out = execFileSync(process.execPath, ['--expose-gc', child, ns.name, '100000', '1000'], { encoding: 'utf8', timeout: 170_000 });
      const { gc, samples } = JSON.parse(out.trim().split('\n').pop()!) as { gc: boolean; samples: Array<{ at: string; heap: number; fds: number; rss: number }> };
      expect(gc).toBe(true);
      const [start, half, end] = samples as [typeof samples[0], typeof samples[0], typeof samples[0]];
      console.log(`leak check: heap ${start.heap} -> ${half.heap} -> ${end.heap} bytes; fds ${start.fds} -> ${end.fds}; rss ${start.rss} -> ${end.rss}`);
      expect(end.fds).toBe(start.fds);
      expect(end.heap - start.heap).toBeLessThan(HEAP_BOUND);
      // The second half must not grow more than the first (no steady climb).
      expect(end.heap - half.heap).toBeLessThan(HEAP_BOUND / 2);
    }, 'leak');
  }, 180_000);
});
