/**
 * The typed client and the classic mistakes: a newroute without the create flag and a
 * delroute that misses a link-scope route both fail with a hint; followed, the hint works.
 * Checked with ip -j route.
 */
import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { NetlinkError } from '@nlkit/core';
import { RtRouteClient } from '../src/index.js';

async function failure(p: Promise<unknown>): Promise<NetlinkError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetlinkError);
  return err as NetlinkError;
}

describe('rt-route: hints on the classic mistakes (checked with ip -j route)', () => {
  kernelIt('newroute without create, delroute without scope nowhere: each gets a hint, and following it works', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'ha', 'type', 'veth', 'peer', 'name', 'hb');
      ns.ip('link', 'set', 'ha', 'up');
      ns.ip('addr', 'add', '10.8.0.1/24', 'dev', 'ha');
      const main = () => ns.ipJson<Array<{ dst: string; scope?: string }>>('route', 'show', 'table', 'main');
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        const req = { header: { rtmFamily: 'inet', rtmDstLen: 16, rtmTable: 'main', rtmProtocol: 'static', rtmScope: 'universe', rtmType: 'unicast' }, dst: '172.20.0.0', gateway: '10.8.0.2' } as const;
        const noCreate = await failure(route.newroute(req));
        expect(noCreate.code).toBe('ENOENT');
        expect(noCreate.hint).toMatch(/^newroute without the create flag only changes an existing object.*\['create', 'excl'\]/);
        expect(main().some((r) => r.dst === '172.20.0.0/16')).toBe(false);
        await route.newroute(req, { flags: ['create', 'excl'] });
        expect(main().some((r) => r.dst === '172.20.0.0/16')).toBe(true);

        // The kernel's route for the address is scope link: scope universe misses it.
        expect(main().find((r) => r.dst === '10.8.0.0/24')?.scope).toBe('link');
        const del = { header: { rtmFamily: 'inet', rtmDstLen: 24, rtmTable: 'main' }, dst: '10.8.0.0' } as const;
        const miss = await failure(route.delroute(del));
        expect(miss.code).toBe('ESRCH');
        expect(miss.hint).toMatch(/^delroute matched no route: IPv4 routes are matched by scope too/);
        await route.delroute({ ...del, header: { ...del.header, rtmScope: 'nowhere' } });
        expect(main().map((r) => r.dst)).toEqual(['172.20.0.0/16']);
      } finally {
        route.close();
      }
    });
  });
});
