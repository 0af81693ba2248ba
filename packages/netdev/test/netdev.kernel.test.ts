import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { NetlinkError } from '@nlkit/core';
import { NetdevClient } from '../src/index.js';

describe('netdev against the kernel', () => {
  kernelIt("dev-get dump lists the netns's interfaces with their xdp features", async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'br0', 'type', 'bridge');
      const nd = await NetdevClient.open({ netns: ns.name });
      try {
        const devs = [];
        for await (const d of nd.devGetDump()) devs.push(d);
        const links = ns.ipJson<Array<{ ifindex: number; ifname: string }>>('link', 'show');
        expect(devs.map((d) => d.ifindex).sort()).toEqual(links.map((l) => l.ifindex).sort());
        const va = devs.find((d) => d.ifindex === links.find((l) => l.ifname === 'va')!.ifindex)!;
        // veth implements XDP (basic, redirect, rx-sg; ndo-xmit only once its peer runs XDP); a bridge does not.
        expect(va.xdpFeatures).toEqual(expect.arrayContaining(['basic', 'redirect', 'rx-sg']));
        expect(va.xdpFeatures).not.toContain('hw-offload');
        const br = devs.find((d) => d.ifindex === links.find((l) => l.ifname === 'br0')!.ifindex)!;
        expect(br.xdpFeatures).toEqual([]);
        const one = await nd.devGet({ ifindex: va.ifindex });
        expect(one.xdpFeatures).toEqual(va.xdpFeatures);
      } finally {
        nd.close();
      }
    });
  });

  kernelIt('a missing required attribute is named (dev-get without ifindex)', async () => {
    await withNetns(async (ns) => {
      const nd = await NetdevClient.open({ netns: ns.name });
      try {
        const err = (await nd.devGet({}).catch((e: unknown) => e)) as NetlinkError;
        expect(err).toBeInstanceOf(NetlinkError);
        expect(err.code).toBe('EINVAL');
        expect(err.extack.missingAttribute).toBe('ifindex');
        expect(err.message).toContain('missing ifindex');
      } finally {
        nd.close();
      }
    });
  });
});
