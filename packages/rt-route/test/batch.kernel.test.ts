import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { NetlinkError } from '@nlkit/core';
import { RtRouteClient } from '../src/index.js';

const base = { rtmFamily: 2, rtmProtocol: 'static', rtmScope: 'universe', rtmType: 'unicast', rtmDstLen: 32, rtmTable: 'main' } as const;

describe('pipelined creates (doBatch, newrouteBatch) against the kernel', () => {
  kernelIt('2,000 routes in one batch: each outcome is its own, and ip -j sees exactly the ones that succeeded', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      ns.ip('addr', 'add', '10.0.0.1/24', 'dev', 'va');
      ns.ip('route', 'add', '172.16.0.7/32', 'via', '10.0.0.2'); // the batch's 8th route exists already
      const route = await RtRouteClient.open({ netns: ns.name });
      try {
        const dsts = Array.from({ length: 2000 }, (_, i) => `172.16.${i >> 8}.${i & 255}`);
        const results = await route.doBatch('newroute', dsts.map((dst) => ({ header: base, dst, gateway: '10.0.0.2' })), { flags: ['create', 'excl'] });
        expect(results).toHaveLength(2000);
        const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [[i, r.reason]] : []));
        expect(failed).toHaveLength(1);
        expect(failed[0]![0]).toBe(7);
        expect(failed[0]![1]).toBeInstanceOf(NetlinkError);
        expect((failed[0]![1] as NetlinkError).code).toBe('EEXIST');
        const shown = ns.ipJson<Array<{ dst: string; gateway?: string }>>('-4', 'route', 'show', 'proto', 'static').map((r) => r.dst);
        expect(shown.sort()).toEqual(dsts.filter((d) => d !== '172.16.0.7').sort());
        // A value the schema refuses rejects the whole call before anything is sent.
        const before = ns.ipJson<unknown[]>('-4', 'route', 'show').length;
        await expect(route.doBatch('newroute', [{ header: base, dst: '172.20.0.1', gateway: '10.0.0.2' }, { header: { ...base, rtmDstLen: 300 }, dst: '172.20.0.2' }], { flags: ['create'] }))
          .rejects.toMatchObject({ name: 'ValidationError' });
        expect(ns.ipJson<unknown[]>('-4', 'route', 'show').length).toBe(before);
        // The generated per-op form: typed requests, one settled outcome each (ack-only: undefined).
        const typed = await route.newrouteBatch([{ header: base, dst: '172.21.0.1', gateway: '10.0.0.2' }, { header: base, dst: '172.16.0.1', gateway: '10.0.0.2' }], { flags: ['create', 'excl'] });
        expect(typed.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
        expect(typed[0]).toEqual({ status: 'fulfilled', value: undefined });
        expect(ns.ipJson<Array<{ dst: string }>>('-4', 'route', 'show', '172.21.0.1').map((r) => r.dst)).toEqual(['172.21.0.1']);
      } finally {
        route.close();
      }
    });
  });
});
