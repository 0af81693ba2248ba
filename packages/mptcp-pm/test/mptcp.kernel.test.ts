import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { MptcpPmClient } from '../src/index.js';

interface IpEndpoint {
  address: string;
  id: number;
  dev?: string;
  /** ip prints each flag as a boolean member: "signal": true. */
  [flag: string]: unknown;
}

const FLAGS = ['signal', 'subflow', 'backup', 'fullmesh', 'implicit', 'laminar'];
const flagsOf = (e: IpEndpoint) => FLAGS.filter((f) => e[f] === true);

describe('mptcp_pm against the kernel (checked with ip mptcp)', () => {
  kernelIt('endpoints add, dump and delete match `ip -j mptcp endpoint`; limits get and set', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      const vaIndex = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      const pm = await MptcpPmClient.open({ netns: ns.name });
      try {
        await pm.addAddr({ addr: { family: 2, addr4: '10.1.1.1', id: 7, flags: ['signal'], ifIdx: vaIndex } });
        await pm.addAddr({ addr: { family: 10, addr6: '2001:db8::5', id: 9, flags: ['subflow', 'backup'] } });
        const ref = ns.ipJson<IpEndpoint[]>('mptcp', 'endpoint', 'show');
        expect(ref.map((e) => [e.address, e.id, flagsOf(e)]).sort()).toEqual([
          ['10.1.1.1', 7, ['signal']],
          ['2001:db8::5', 9, ['subflow', 'backup']],
        ]);
        expect(ref.find((e) => e.id === 7)!.dev).toBe('va');

        const ours = [];
        for await (const r of pm.getAddrDump()) ours.push(r.addr!);
        expect(ours.map((a) => [a.addr4 ?? a.addr6, a.id, a.flags, a.ifIdx ?? 0]).sort()).toEqual([
          ['10.1.1.1', 7, ['signal'], vaIndex],
          ['2001:db8::5', 9, ['subflow', 'backup'], 0],
        ]);
        const one = await pm.getAddr({ addr: { id: 7 } });
        expect(one.addr!.addr4).toBe('10.1.1.1');

        await pm.delAddr({ addr: { id: 7 } });
        expect(ns.ipJson<IpEndpoint[]>('mptcp', 'endpoint', 'show').map((e) => e.id)).toEqual([9]);

        await pm.setLimits({ subflows: 3, rcvAddAddrs: 4 });
        const limits = await pm.getLimits({});
        expect([limits.subflows, limits.rcvAddAddrs]).toEqual([3, 4]);
        // ip prints limits as text: "add_addr_accepted 4 subflows 3".
        const text = ns.ip('mptcp', 'limits', 'show');
        expect(text).toMatch(/add_addr_accepted 4/);
        expect(text).toMatch(/subflows 3/);
      } finally {
        pm.close();
      }
    });
  });
});
