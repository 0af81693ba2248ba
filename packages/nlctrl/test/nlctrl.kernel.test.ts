import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { GenlResolver } from '@nlkit/core';
import { NlctrlClient } from '../src/index.js';

/** Families and their multicast group names, as `genl ctrl list` prints them. */
function parseGenlList(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const fam = /^Name:\s+(\S+)/.exec(line);
    if (fam) {
      current = [];
      out.set(fam[1]!, current);
      continue;
    }
    const grp = /ID-0x[0-9a-f]+\s+name:\s+(\S+)/.exec(line);
    if (grp && current) current.push(grp[1]!);
  }
  return out;
}

describe('nlctrl against the kernel (checked with genl ctrl list)', () => {
  kernelIt('lists the same families and multicast group names as `genl ctrl list`', async () => {
    await withNetns(async (ns) => {
      const ctrl = await NlctrlClient.open({ netns: ns.name });
      try {
        const ours = new Map<string, string[]>();
        for await (const f of ctrl.getfamilyDump()) ours.set(f.familyName!, (f.mcastGroups ?? []).map((g) => g.name!));
        const ref = parseGenlList(ns.exec('genl', 'ctrl', 'list'));
        expect([...ours.keys()].sort()).toEqual([...ref.keys()].sort());
        for (const [name, groups] of ref) expect(ours.get(name)!.sort()).toEqual(groups.sort());
        for (const must of ['nlctrl', 'ethtool', 'netdev', 'tcp_metrics', 'mptcp_pm']) expect(ours.has(must)).toBe(true);

        // One family by name: ids and ops agree with the resolver's view.
        const eth = await ctrl.getfamily({ familyName: 'ethtool' });
        const resolved = await GenlResolver.for(ctrl.session).resolve('ethtool');
        expect(eth.familyId).toBe(resolved.id);
        expect(eth.version).toBe(resolved.version);
        expect(eth.ops!.length).toBe(resolved.ops.length);
        expect(eth.mcastGroups!.map((g) => [g.name, g.id])).toEqual([...resolved.groups.entries()]);
      } finally {
        ctrl.close();
      }
    });
  });

  kernelIt('decodes a getpolicy dump: ethtool linkinfo-get takes a nested header policy', async () => {
    await withNetns(async (ns) => {
      const ctrl = await NlctrlClient.open({ netns: ns.name });
      try {
        const policies = [];
        for await (const p of ctrl.getpolicyDump({ familyName: 'ethtool', op: 2 })) policies.push(p);
        const tables = policies.filter((p) => p.policy).map((p) => p.policy!);
        // Some table has an attribute of type nested pointing at another table (the header).
        const nested = tables.flatMap((t) => Object.values(t).flatMap((attrs) => Object.values(attrs))).find((a) => a.type === 'nested');
        expect(nested?.policyIdx).toBeTypeOf('number');
        const opPolicy = policies.find((p) => p.opPolicy)?.opPolicy;
        expect(opPolicy?.['2']?.do).toBeTypeOf('number');
      } finally {
        ctrl.close();
      }
    });
  });
});
