import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { NetlinkError } from '@nlkit/core';
import { EthtoolClient } from '../src/index.js';

type Bits = { bits?: { bit?: Array<{ name?: string; index?: number }> } };
const names = (b: Bits | undefined) => (b?.bits?.bit ?? []).map((x) => x.name);

describe('ethtool on a veth (each in its own netns)', () => {
  kernelIt('linkinfo, linkmodes; features get and set, seen by an independent read, with a notification', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'numtxqueues', '4', 'numrxqueues', '4', 'type', 'veth', 'peer', 'name', 'vb');
      const vaIndex = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      const eth = await EthtoolClient.open({ netns: ns.name });
      const other = await EthtoolClient.open({ netns: ns.name }); // a second socket: an independent reader
      try {
        const li = await eth.linkinfoGet({ header: { devName: 'va' } });
        expect(li.header).toEqual({ devIndex: vaIndex, devName: 'va' });
        const lm = await eth.linkmodesGet({ header: { devIndex: vaIndex } });
        expect(lm.speed).toBe(10000); // veth reports 10Gb/s full duplex
        expect(lm.duplex).toBe(1);
        expect(lm.autoneg).toBe(0);

        const before = await eth.featuresGet({ header: { devName: 'va' } });
        expect(names(before.active)).toContain('tx-checksum-ip-generic');
        const events = eth.notifications(['monitor']);
        const first = events.next();
        await new Promise((r) => setTimeout(r, 50));
        await eth.featuresSet({ header: { devName: 'va' }, wanted: { bits: { bit: [{ name: 'tx-checksum-ip-generic', value: false }] } } });
        const seen = await other.featuresGet({ header: { devName: 'va' } });
        expect(names(seen.active)).not.toContain('tx-checksum-ip-generic');
        expect(names(seen.wanted)).not.toContain('tx-checksum-ip-generic');
        const ntf = (await first).value!;
        expect(ntf.name).toBe('features-ntf');
        expect((ntf.value as { header?: { devName?: string } }).header?.devName).toBe('va');

        // Compact bitsets decode too: the same feature bit is clear in the value mask.
        const compact = await other.featuresGet({ header: { devName: 'va', flags: ['compact-bitsets'] } });
        const idx = (before.active as Bits).bits!.bit!.find((b) => b.name === 'tx-checksum-ip-generic')!.index!;
        const value = (compact.active as { value: Uint8Array }).value;
        expect((value[idx >> 3]! >> (idx & 7)) & 1).toBe(0);
        await events.return?.();
      } finally {
        eth.close();
        other.close();
      }
    });
  });

  kernelIt('channels get and set (the change shows in sysfs and in a notification); rings are not supported by veth', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'numtxqueues', '4', 'numrxqueues', '4', 'type', 'veth', 'peer', 'name', 'vb');
      const eth = await EthtoolClient.open({ netns: ns.name });
      try {
        const ch = await eth.channelsGet({ header: { devName: 'va' } });
        expect([ch.rxMax, ch.rxCount, ch.txMax, ch.txCount]).toEqual([4, 4, 4, 4]);
        const events = eth.notifications(['monitor']);
        const first = events.next();
        await new Promise((r) => setTimeout(r, 50));
        await eth.channelsSet({ header: { devName: 'va' }, rxCount: 2 });
        const queues = ns.exec('ls', '/sys/class/net/va/queues').split(/\s+/).filter((q) => q.startsWith('rx-'));
        expect(queues.sort()).toEqual(['rx-0', 'rx-1']);
        expect((await eth.channelsGet({ header: { devName: 'va' } })).rxCount).toBe(2);
        const ntf = (await first).value!;
        expect(ntf.name).toBe('channels-ntf');
        expect((ntf.value as { rxCount?: number }).rxCount).toBe(2);
        await events.return?.();

        const rings = await eth.ringsGet({ header: { devName: 'va' } }).catch((e: unknown) => e);
        expect(rings).toBeInstanceOf(NetlinkError);
        expect((rings as NetlinkError).code).toBe('EOPNOTSUPP');
      } finally {
        eth.close();
      }
    });
  });

  kernelIt('extended-ack errors name the offending attribute as a path (header.dev-name, header.flags)', async () => {
    await withNetns(async (ns) => {
      const eth = await EthtoolClient.open({ netns: ns.name });
      try {
        const e1 = (await eth.linkinfoGet({ header: { devName: 'nosuch0' } }).catch((e: unknown) => e)) as NetlinkError;
        expect(e1.code).toBe('ENODEV');
        expect(e1.extack.message).toBe('no device matches name');
        expect(e1.extack.attributePath).toEqual(['header', 'dev-name']);
        expect(e1.message).toContain('at header.dev-name');
        const e2 = (await eth.linkinfoGet({ header: { devName: 'lo', flags: 0x80 } }).catch((e: unknown) => e)) as NetlinkError;
        expect(e2.code).toBe('EINVAL');
        expect(e2.extack.attributePath).toEqual(['header', 'flags']);
      } finally {
        eth.close();
      }
    });
  });
});
