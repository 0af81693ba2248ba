import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { RtRuleClient } from '../src/index.js';

describe('rt-rule against the kernel (checked with ip -j rule)', () => {
  kernelIt('adds rules with priority, table and fwmark; dumps; deletes; header table and attribute table stay apart', async () => {
    await withNetns(async (ns) => {
      const rule = await RtRuleClient.open({ netns: ns.name });
      try {
        await rule.newrule({ header: { family: 2, action: 'to-tbl', table: 'compat' }, priority: 1000, table: 1234, fwmark: 0x42, fwmask: 0xff }, { flags: ['create', 'excl'] });
        await rule.newrule({ header: { family: 2, action: 'to-tbl', table: 'main', srcLen: 24 }, src: '10.1.2.0', priority: 1001 }, { flags: ['create', 'excl'] });
        const ref = ns.ipJson<Array<{ priority: number; table: string; fwmark?: string; fwmask?: string; src?: string; srclen?: number }>>('rule', 'show');
        const r1 = ref.find((r) => r.priority === 1000)!;
        expect(r1.table).toBe('1234');
        expect([r1.fwmark, r1.fwmask]).toEqual(['0x42', '0xff']);
        const r2 = ref.find((r) => r.priority === 1001)!;
        expect([r2.src, r2.srclen, r2.table]).toEqual(['10.1.2.0', 24, 'main']);

        const dumped = [];
        for await (const r of rule.getruleDump({ header: { family: 2 } })) dumped.push(r);
        // The kernel leaves out a zero priority (the local rule); ip prints it as 0.
        expect(dumped.map((r) => r.priority ?? 0).sort()).toEqual(ref.map((r) => r.priority).sort());
        const d1 = dumped.find((r) => r.priority === 1000)!;
        expect(d1.table).toBe(1234); // u32 attribute
        expect(d1.header.table).toBe('compat'); // u8 header field, kept apart
        expect(d1.fwmark).toBe(0x42);
        expect(d1.header.action).toBe('to-tbl');

        await rule.delrule({ header: { family: 2, action: 'to-tbl' }, priority: 1000, table: 1234, fwmark: 0x42, fwmask: 0xff });
        expect(ns.ipJson<Array<{ priority: number }>>('rule', 'show').map((r) => r.priority)).not.toContain(1000);
      } finally {
        rule.close();
      }
    });
  });
});
