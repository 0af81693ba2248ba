/**
 * The generic client against the kernel with requests in the schema's spelling (header members
 * at the top level), replies renamed back, and hints on the classic mistakes; checked with ip -j.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { FamilyClient, NetlinkError, defineFamily, respell } from '../core.js';

const runtime = (name: string) => defineFamily(loadSchemaFileSync(fileURLToPath(new URL(`../../../../schemas/${name}.yaml`, import.meta.url))));
const link = runtime('rt-link');
const route = runtime('rt-route');

async function failure(p: Promise<unknown>): Promise<NetlinkError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetlinkError);
  return err as NetlinkError;
}

describe('generic client: schema spelling and hints (checked with ip -j)', () => {
  kernelIt('newlink without create fails with ENODEV and a hint; with create, schema names work end to end', async () => {
    await withNetns(async (ns) => {
      const c = await FamilyClient.open(link, { netns: ns.name });
      try {
        const req = { ifname: 'd0', 'num-tx-queues': 3, linkinfo: { kind: 'ifb' } };
        const err = await failure(c.doRequest('newlink', req));
        expect(err.code).toBe('ENODEV');
        expect(err.hint).toMatch(/^newlink without the create flag only changes an existing object.*flags \['create', 'excl'\]/);
        expect(ns.ipJson('link', 'show')).toHaveLength(1);

        await c.doRequest('newlink', req, { flags: ['create', 'excl'] });
        const [ipLink] = ns.ipJson<Array<{ ifindex: number; ifname: string; num_tx_queues: number }>>('-d', 'link', 'show', 'd0');
        expect(ipLink!.num_tx_queues).toBe(3);

        // A header member at the top level, in the schema's spelling, and the reply renamed back.
        const reply = await c.doRequest('getlink', { 'ifi-index': ipLink!.ifindex });
        const named = respell(link, 'getlink', reply, 'schema') as Record<string, any>;
        expect(named.ifname).toBe('d0');
        expect(named.header['ifi-index']).toBe(ipLink!.ifindex);
        expect(named['num-tx-queues']).toBe(3);
        expect(named.linkinfo.kind).toBe('ifb');
      } finally {
        c.close();
      }
    });
  });

  kernelIt('delroute that misses a link-scope route gets ESRCH and the scope hint; with rtm-scope nowhere it goes', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'd0', 'type', 'veth', 'peer', 'name', 'd1');
      ns.ip('link', 'set', 'd0', 'up');
      ns.ip('addr', 'add', '10.9.0.1/24', 'dev', 'd0');
      const has = () => ns.ipJson<Array<{ dst: string; scope?: string }>>('route', 'show', 'table', 'main').find((r) => r.dst === '10.9.0.0/24');
      expect(has()?.scope).toBe('link');
      const c = await FamilyClient.open(route, { netns: ns.name });
      try {
        const req = { 'rtm-family': 2, 'rtm-dst-len': 24, dst: '10.9.0.0' };
        const err = await failure(c.doRequest('delroute', req));
        expect(err.code).toBe('ESRCH');
        expect(err.hint).toMatch(/^delroute matched no route: IPv4 routes are matched by scope too.*'nowhere' \(255\)/);
        expect(has()).toBeDefined();

        await c.doRequest('delroute', { ...req, 'rtm-scope': 'nowhere' });
        expect(has()).toBeUndefined();
        // Gone now: the same request misses again, this time with the generic selector hint.
        const again = await failure(c.doRequest('delroute', { ...req, rtmScope: 'nowhere' }));
        expect(again.code).toBe('ESRCH');
        expect(again.hint).toMatch(/^delroute matched nothing: .*given: header.rtmFamily, header.rtmDstLen, header.rtmScope, dst/);
      } finally {
        c.close();
      }
    });
  });
});
