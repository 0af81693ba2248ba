/**
 * The README's opening example, run as written (only the netns name changes) in a throwaway
 * namespace, then checked with ip.
 */
import { describe, expect } from 'vitest';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelIt, withNetns } from '@nlkit/testkit';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

describe('README example', () => {
  kernelIt('the veth + address + route example runs and does what it says', async () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1];
    expect(block).toBeDefined();
    await withNetns(async (ns) => {
      const file = fileURLToPath(new URL(`./.readme-${process.pid}.ts`, import.meta.url));
      writeFileSync(file, block!.replaceAll("'demo'", JSON.stringify(ns.name)));
      const logs: unknown[][] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => logs.push(args);
      try {
        await import(file);
      } finally {
        console.log = log;
        rmSync(file, { force: true });
      }
      const veth = ns.ipJson<Array<{ ifname: string; flags: string[]; addr_info: Array<{ local: string; prefixlen: number }> }>>('addr', 'show', 'veth0')[0]!;
      expect(veth.flags).toContain('UP');
      expect(veth.addr_info).toContainEqual(expect.objectContaining({ local: '10.0.0.1', prefixlen: 24 }));
      const routes = ns.ipJson<Array<{ dst: string; gateway?: string }>>('route', 'show');
      expect(routes).toContainEqual(expect.objectContaining({ dst: '10.9.0.0/16', gateway: '10.0.0.2' }));
      // The example prints every IPv4 route: dst, gateway, oif.
      expect(logs.some(([dst, gw]) => dst === '10.9.0.0' && gw === '10.0.0.2')).toBe(true);
    });
  });
});
