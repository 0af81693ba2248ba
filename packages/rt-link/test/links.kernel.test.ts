import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { NetlinkError, ValidationError } from '@nlkit/core';
import { RtLinkClient } from '../src/index.js';

interface IpLink {
  ifindex: number;
  ifname: string;
  mtu: number;
  address: string;
  flags: string[];
  master?: string;
  ifalias?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string };
}

describe('rt-link against the kernel (checked with ip -j -d link)', () => {
  kernelIt('creates veth (peer via sub-message), bridge, macvlan, vxlan and ifb links', async () => {
    await withNetns(async (ns) => {
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const create = { flags: ['create', 'excl'] as const };
        await link.newlink({ ifname: 'va', linkinfo: { kind: 'veth', data: { peer: { header: {}, ifname: 'vb', mtu: 1400 } } } }, { flags: [...create.flags] });
        await link.newlink({ ifname: 'br0', linkinfo: { kind: 'bridge', data: { stpState: 0, forwardDelay: 500, priority: 4096 } } }, { flags: ['create', 'excl'] });
        const va = (await link.getlink({ ifname: 'va' }))!;
        const vaIndex = va.header.ifiIndex;
        await link.newlink({ ifname: 'mv0', link: vaIndex, linkinfo: { kind: 'macvlan', data: { mode: 'bridge' } } }, { flags: ['create', 'excl'] });
        await link.newlink({ ifname: 'vx0', linkinfo: { kind: 'vxlan', data: { id: 4242, port: 4789, group: '239.1.1.1', link: vaIndex } } }, { flags: ['create', 'excl'] });
        await link.newlink({ ifname: 'ifb9', linkinfo: { kind: 'ifb' } }, { flags: ['create', 'excl'] });

        const ip = (name: string) => ns.ipJson<IpLink[]>('-d', 'link', 'show', name)[0]!;
        expect(ip('va').linkinfo?.info_kind).toBe('veth');
        expect(ip('vb').linkinfo?.info_kind).toBe('veth');
        expect(ip('vb').mtu).toBe(1400);
        const br = ip('br0');
        expect(br.linkinfo?.info_kind).toBe('bridge');
        expect(br.linkinfo?.info_data?.stp_state).toBe(0);
        expect(br.linkinfo?.info_data?.forward_delay).toBe(500);
        expect(br.linkinfo?.info_data?.priority).toBe(4096);
        expect(ip('mv0').linkinfo?.info_kind).toBe('macvlan');
        expect(ip('mv0').linkinfo?.info_data?.mode).toBe('bridge');
        const vx = ip('vx0');
        expect(vx.linkinfo?.info_kind).toBe('vxlan');
        expect(vx.linkinfo?.info_data?.id).toBe(4242);
        expect(vx.linkinfo?.info_data?.port).toBe(4789);
        expect(vx.linkinfo?.info_data?.group).toBe('239.1.1.1');
        expect(ip('ifb9').linkinfo?.info_kind).toBe('ifb');

        // Our decoding of the same links agrees with ip's.
        const vxl = (await link.getlink({ ifname: 'vx0' }))!;
        expect(vxl.linkinfo?.kind).toBe('vxlan');
        const data = vxl.linkinfo?.data as { id?: number; port?: number; group?: string };
        expect(data.id).toBe(4242);
        expect(data.port).toBe(4789);
        expect(data.group).toBe('239.1.1.1');
        const mv = (await link.getlink({ ifname: 'mv0' }))!;
        expect((mv.linkinfo?.data as { mode?: string }).mode).toBe('bridge');
        expect(mv.link).toBe(vaIndex);
      } finally {
        link.close();
      }
    });
  });

  kernelIt('sets mtu, address, up/down, master and alias; gets one; dumps all; deletes', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'br0', 'type', 'bridge');
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const ref = (name: string) => ns.ipJson<IpLink[]>('-d', 'link', 'show', name)[0]!;
        const vaIndex = ref('va').ifindex;
        const brIndex = ref('br0').ifindex;
        await link.setlink({ header: { ifiIndex: vaIndex }, mtu: 1280, address: '02:11:22:33:44:55', ifalias: 'uplink to br0', master: brIndex });
        await link.setlink({ header: { ifiIndex: vaIndex, ifiFlags: ['up'], ifiChange: ['up'] } });
        let va = ref('va');
        expect(va.mtu).toBe(1280);
        expect(va.address).toBe('02:11:22:33:44:55');
        expect(va.ifalias).toBe('uplink to br0');
        expect(va.master).toBe('br0');
        expect(va.flags).toContain('UP');

        const got = (await link.getlink({ header: { ifiIndex: vaIndex } }))!;
        expect(got.ifname).toBe('va');
        expect(got.mtu).toBe(1280);
        expect(got.address).toBe('02:11:22:33:44:55');
        expect(got.ifalias).toBe('uplink to br0');
        expect(got.master).toBe(brIndex);
        expect(got.header.ifiFlags).toContain('up');
        expect(got.linkinfo?.kind).toBe('veth');
        expect(got.linkinfo?.slaveKind).toBe('bridge');

        await link.setlink({ header: { ifiIndex: vaIndex, ifiFlags: [], ifiChange: ['up'] } });
        va = ref('va');
        expect(va.flags).not.toContain('UP');

        const all = ns.ipJson<IpLink[]>('link', 'show');
        const dumped = [];
        for await (const l of link.getlinkDump()) dumped.push(l);
        expect(dumped.map((l) => [l.header.ifiIndex, l.ifname, l.mtu]).sort()).toEqual(all.map((l) => [l.ifindex, l.ifname, l.mtu]).sort());
        for (const l of dumped) {
          const want = all.find((x) => x.ifindex === l.header.ifiIndex)!;
          if (want.address) expect(l.address).toBe(want.address);
        }

        await link.dellink({ header: { ifiIndex: vaIndex } });
        expect(ns.ipJson<IpLink[]>('link', 'show').map((l) => l.ifname).sort()).toEqual(['br0', 'lo']);
      } finally {
        link.close();
      }
    });
  });

  kernelIt('errors name the attribute: extack path, errno, and validation before sending', async () => {
    await withNetns(async (ns) => {
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const err = await link
          .newlink({ ifname: 'vx1', linkinfo: { kind: 'vxlan', data: { id: 1 << 24 } } }, { flags: ['create', 'excl'] })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(NetlinkError);
        const ne = err as NetlinkError;
        expect(ne.code).toBe('ERANGE');
        expect(ne.extack.message).toMatch(/VXLAN ID/);
        expect(ne.extack.attributePath).toEqual(['linkinfo', 'data', 'id']);
        expect(ne.message).toContain('linkinfo.data.id');

        const missing = await link.dellink({ header: { ifiIndex: 9999 } }).catch((e: unknown) => e);
        expect((missing as NetlinkError).code).toBe('ENODEV');

        // Refused before anything is sent.
        await expect(link.setlink({ header: { ifiIndex: 1 }, mtu: -1 } as never)).rejects.toBeInstanceOf(ValidationError);
        const bad = await link.setlink({ header: { ifiIndex: 1 }, nosuch: 1 } as never).catch((e: unknown) => e);
        expect(bad).toBeInstanceOf(ValidationError);
        expect((bad as ValidationError).path).toEqual(['nosuch']);
        const badKind = await link
          .newlink({ ifname: 'x', linkinfo: { kind: 'macvlan', data: { mode: 'sideways' } } } as never, { flags: ['create'] })
          .catch((e: unknown) => e);
        expect((badKind as ValidationError).path).toEqual(['linkinfo', 'data', 'mode']);
        expect(ns.ipJson<IpLink[]>('link', 'show').map((l) => l.ifname)).toEqual(['lo']);
      } finally {
        link.close();
      }
    });
  });

  kernelIt('notifications: links created and deleted with ip arrive typed, new and delete told apart', async () => {
    await withNetns(async (ns) => {
      const link = await RtLinkClient.open({ netns: ns.name });
      try {
        const events = link.notifications(['rtnlgrp-link']);
        const first = events.next(); // subscribes
        await new Promise((r) => setTimeout(r, 50));
        ns.ip('link', 'add', 'nt0', 'type', 'veth', 'peer', 'name', 'nt1');
        ns.ip('link', 'del', 'nt0');
        const seen: Array<[string, string | undefined]> = [];
        let r = await first;
        while (!r.done) {
          const n = r.value;
          seen.push([n.name, (n.value as { ifname?: string }).ifname]);
          if (n.name === 'dellink-ntf' && seen.some(([k, v]) => k === 'dellink-ntf' && v === 'nt1') && seen.some(([k, v]) => k === 'dellink-ntf' && v === 'nt0')) break;
          r = await events.next();
        }
        await events.return?.();
        expect(seen).toContainEqual(['newlink-ntf', 'nt0']);
        expect(seen).toContainEqual(['newlink-ntf', 'nt1']);
        expect(seen).toContainEqual(['dellink-ntf', 'nt0']);
      } finally {
        link.close();
      }
    });
  });
});
