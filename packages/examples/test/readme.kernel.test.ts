/**
 * Every code example in every README runs as printed, on the Node that runs the tests (20):
 * ts blocks type-check, ts and js blocks run with node and ```sh run blocks with sh, each in a
 * throwaway netns (see blocks.ts for how).
 *
 * Examples that need a namespace name use 'demo' (`ip netns add demo`); the test substitutes
 * its own. A ```ts or ```js block that must not run says so: ```ts no-run. There are few.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { kernelIt, withNetns, type Netns } from '@nlkit/testkit';
import { BlockRunner, blocksOf, REPO, type Block } from './blocks.js';

function readmes(): string[] {
  const out = ['README.md'];
  for (const parent of ['packages', 'tools']) {
    for (const d of readdirSync(join(REPO, parent)).sort()) {
      if (existsSync(join(REPO, parent, d, 'README.md'))) out.push(`${parent}/${d}/README.md`);
    }
  }
  return out;
}

/** Whether the package a README belongs to is private (never published). */
function isPrivate(readme: string): boolean {
  const manifest = join(REPO, readme, '../package.json');
  return existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { private?: boolean }).private === true;
}

const blocks: Block[] = [];
const noRun: string[] = [];
for (const readme of readmes()) {
  const found = blocksOf(readme);
  blocks.push(...found.blocks);
  noRun.push(...found.noRun);
}
const runner = new BlockRunner(blocks, 'readme');
afterAll(() => runner.remove());

describe('README examples', () => {
  kernelIt('every README has been read, and few blocks opt out', () => {
    expect(readmes()).toEqual(expect.arrayContaining(['README.md', 'packages/core/README.md', 'packages/ir/README.md', 'packages/ynl/README.md', 'packages/cli/README.md', 'tools/codegen/README.md', 'packages/rt-link/README.md']));
    // Every published package's README shows it at work; private ones (testkit, corpus) need not.
    for (const r of readmes().filter((f) => f !== 'README.md' && !isPrivate(f))) {
      expect(blocks.some((b) => b.file === r), `${r} has no runnable example`).toBe(true);
    }
    expect(noRun.length, `blocks marked no-run: ${noRun.join(', ')}`).toBeLessThanOrEqual(3);
  });

  for (const b of blocks) {
    kernelIt(`${b.file}:${b.line} (${b.lang}) runs as printed`, async () => {
      const errors = runner.typeErrors(b);
      expect(errors, `${b.file}:${b.line} does not type-check`).toBeUndefined();
      await withNetns((ns) => {
        const r = runner.run(b, ns.name, { demo: ns.name });
        expect(r.status, `${b.file}:${b.line} exited ${r.status}\n${r.stderr}\n${r.stdout}`).toBe(0);
        if (b.file === 'README.md') checkRootExample(ns, r.stdout);
      }, 'readme');
    }, 120_000);
  }
});

/** The root README's example did what it says: veth0 up with 10.0.0.1/24, a route to 10.9.0.0/16. */
function checkRootExample(ns: Netns, stdout: string): void {
  const veth = ns.ipJson<Array<{ ifname: string; flags: string[]; addr_info: Array<{ local: string; prefixlen: number }> }>>('addr', 'show', 'veth0')[0]!;
  expect(veth.flags).toContain('UP');
  expect(veth.addr_info).toContainEqual(expect.objectContaining({ local: '10.0.0.1', prefixlen: 24 }));
  const routes = ns.ipJson<Array<{ dst: string; gateway?: string }>>('route', 'show');
  expect(routes).toContainEqual(expect.objectContaining({ dst: '10.9.0.0/16', gateway: '10.0.0.2' }));
  // It prints every IPv4 route: dst, gateway, oif.
  expect(stdout.split('\n')).toContainEqual(expect.stringMatching(/^10\.9\.0\.0 10\.0\.0\.2 \d+$/));
}
