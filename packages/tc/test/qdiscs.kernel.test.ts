import { describe, expect } from 'vitest';
import { kernelIt, withNetns, tcJson, sh } from '@nlkit/testkit';
import { TcClient } from '../src/index.js';

const TC_H_ROOT = 0xffffffff;
const TC_H_INGRESS = 0xfffffff1;
const TC_H_CLSACT = TC_H_INGRESS;

interface TcQdisc {
  kind: string;
  handle: string;
  dev: string;
  root?: boolean;
  parent?: string;
  options?: Record<string, unknown>;
}

function handle(h: number): string {
  return `${(h >>> 16).toString(16)}:${h & 0xffff ? (h & 0xffff).toString(16) : ''}`;
}

describe('tc against the kernel (checked with tc -j)', () => {
  kernelIt('adds htb with classes, tbf, ingress and clsact; dumps qdiscs and classes with options decoded', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
      const idx = (n: string) => ns.ipJson<Array<{ ifindex: number }>>('link', 'show', n)[0]!.ifindex;
      const [va, vb, vc, vd] = ['va', 'vb', 'vc', 'vd'].map(idx) as [number, number, number, number];
      const tc = await TcClient.open({ netns: ns.name });
      try {
        const create = { flags: ['create', 'excl'] as Array<'create' | 'excl'> };
        // htb root 1: with default class 0x10, and two classes.
        await tc.newqdisc({ header: { tcmFamily: 0, tcmIfindex: va, tcmHandle: 0x10000, tcmParent: TC_H_ROOT }, kind: 'htb', options: { init: { version: 3, rate2quantum: 10, defcls: 0x10 } } }, create);
        for (const [minor, rate, ceil, prio] of [[0x10, 125000, 250000, 1], [0x20, 62500, 125000, 2]] as const) {
          await tc.newtclass(
            { header: { tcmIfindex: va, tcmHandle: 0x10000 | minor, tcmParent: 0x10000 }, kind: 'htb', options: { parms: { rate: { rate }, ceil: { rate: ceil }, buffer: 100000, cbuffer: 100000, prio } } },
            create,
          );
        }
        await tc.newqdisc({ header: { tcmIfindex: va, tcmHandle: 0xffff0000, tcmParent: TC_H_INGRESS }, kind: 'ingress' }, create);
        await tc.newqdisc({ header: { tcmIfindex: vc, tcmHandle: 0xffff0000, tcmParent: TC_H_CLSACT }, kind: 'clsact' }, create);

        // tbf: made by tc on vb, decoded by nlkit, and re-created by nlkit on vd from what we decoded.
        sh('tc', ['-n', ns.name, 'qdisc', 'add', 'dev', 'vb', 'root', 'handle', '5:', 'tbf', 'rate', '1mbit', 'burst', '32kb', 'latency', '50ms']);
        let tbfOpts: unknown;
        for await (const q of tc.getqdiscDump({ header: { tcmIfindex: vb } })) if (q.kind === 'tbf') tbfOpts = q.options;
        expect((tbfOpts as { parms: { rate: { rate: number } } }).parms.rate.rate).toBe(125000);
        await tc.newqdisc({ header: { tcmIfindex: vd, tcmHandle: 0x50000, tcmParent: TC_H_ROOT }, kind: 'tbf', options: tbfOpts as never }, create);

        const ref = tcJson<TcQdisc[]>(ns.name, 'qdisc', 'show');
        const refOf = (dev: string, kind: string) => ref.find((q) => q.dev === dev && q.kind === kind);
        expect(refOf('va', 'htb')).toMatchObject({ handle: '1:', root: true, options: { r2q: 10, default: '0x10' } });
        expect(refOf('va', 'ingress')).toMatchObject({ handle: 'ffff:', parent: 'ffff:fff1' });
        expect(refOf('vc', 'clsact')).toMatchObject({ handle: 'ffff:', parent: 'ffff:fff1' });
        expect(refOf('vd', 'tbf')!.options).toEqual(refOf('vb', 'tbf')!.options);
        expect(refOf('vd', 'tbf')!.options).toMatchObject({ rate: 125000, burst: 32768 });

        // Our dump decodes the same qdiscs, with options.
        const qdiscs = [];
        for await (const q of tc.getqdiscDump()) qdiscs.push(q);
        const names = Object.fromEntries(ns.ipJson<Array<{ ifindex: number; ifname: string }>>('link', 'show').map((l) => [l.ifindex, l.ifname]));
        const ours = qdiscs.map((q) => [names[q.header.tcmIfindex], q.kind, handle(q.header.tcmHandle)]).filter(([d]) => d && d !== 'lo').sort();
        const theirs = ref.map((q) => [q.dev, q.kind, q.handle]).filter(([d]) => d !== 'lo').sort();
        expect(ours).toEqual(theirs);
        const htb = qdiscs.find((q) => q.kind === 'htb')!;
        expect((htb.options as { init: { rate2quantum: number; defcls: number } }).init).toMatchObject({ rate2quantum: 10, defcls: 0x10 });

        // Classes: tc prints htb class options only as text; compare with that.
        const text = sh('tc', ['-n', ns.name, 'class', 'show', 'dev', 'va']);
        expect(text).toContain('class htb 1:10 root prio 1 rate 1Mbit ceil 2Mbit');
        expect(text).toContain('class htb 1:20 root prio 2 rate 500Kbit ceil 1Mbit');
        const classes = [];
        for await (const c of tc.gettclassDump({ header: { tcmIfindex: va } })) classes.push(c);
        const parms = classes.filter((c) => c.kind === 'htb').map((c) => {
          const p = (c.options as { parms: { rate: { rate: number }; ceil: { rate: number }; prio: number } }).parms;
          return [handle(c.header.tcmHandle), p.rate.rate, p.ceil.rate, p.prio];
        });
        expect(parms.sort()).toEqual([['1:10', 125000, 250000, 1], ['1:20', 62500, 125000, 2]]);
        const xstats = classes.find((c) => c.kind === 'htb')!.xstats as { tokens?: number } | undefined;
        expect(typeof xstats?.tokens).toBe('number');

        await tc.delqdisc({ header: { tcmIfindex: va, tcmParent: TC_H_ROOT } });
        expect(tcJson<TcQdisc[]>(ns.name, 'qdisc', 'show', 'dev', 'va').map((q) => q.kind)).not.toContain('htb');
      } finally {
        tc.close();
      }
    });
  });
});
