import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { RtNeighClient } from '../src/index.js';

describe('rt-neigh against the kernel (checked with ip -j neigh)', () => {
  kernelIt('adds permanent entries, dumps, deletes', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'set', 'va', 'up');
      const va = ns.ipJson<Array<{ ifindex: number }>>('link', 'show', 'va')[0]!.ifindex;
      const neigh = await RtNeighClient.open({ netns: ns.name });
      try {
        await neigh.newneigh({ header: { ndmFamily: 2, ndmIfindex: va, ndmState: ['permanent'] }, dst: '192.0.2.9', lladdr: '02:00:00:00:00:09' }, { flags: ['create', 'excl'] });
        await neigh.newneigh({ header: { ndmFamily: 10, ndmIfindex: va, ndmState: ['permanent'] }, dst: '2001:db8::9', lladdr: '02:00:00:00:00:10' }, { flags: ['create', 'excl'] });
        const ref = ns.ipJson<Array<{ dst: string; lladdr: string; state: string[]; dev: string }>>('neigh', 'show', 'dev', 'va');
        expect(ref.map((n) => [n.dst, n.lladdr, n.state]).sort()).toEqual([
          ['192.0.2.9', '02:00:00:00:00:09', ['PERMANENT']],
          ['2001:db8::9', '02:00:00:00:00:10', ['PERMANENT']],
        ]);
        const dumped = [];
        // Strict dump requests filter by the ifindex attribute; the header's index must stay 0.
        for await (const n of neigh.getneighDump({ header: { ndmFamily: 0 }, ifindex: va })) dumped.push(n);
        const mine = dumped.filter((n) => n.header.ndmState.includes('permanent'));
        expect(mine.map((n) => [n.dst, n.lladdr]).sort()).toEqual([['192.0.2.9', '02:00:00:00:00:09'], ['2001:db8::9', '02:00:00:00:00:10']]);
        await neigh.delneigh({ header: { ndmFamily: 2, ndmIfindex: va }, dst: '192.0.2.9' });
        expect(ns.ipJson<Array<{ dst: string }>>('neigh', 'show', 'dev', 'va').map((n) => n.dst)).toEqual(['2001:db8::9']);
      } finally {
        neigh.close();
      }
    });
  });
});
