import { describe, expect } from 'vitest';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { RtRuleClient, type GetruleDumpReply } from '../src/index.js';

/** One rule as `ip -j -d rule show` prints it (only the keys these tests read). */
interface IpRule {
  priority: number;
  table?: string;
  action?: string;
  goto?: number;
  nop?: null;
  not?: null;
  protocol?: string;
  ipproto?: string;
  uid_start?: number;
  uid_end?: number;
  sport_start?: number;
  sport_end?: number;
  dport?: number;
  src?: string;
  srclen?: number;
  fwmark?: string;
  fwmask?: string;
}

/** The action ip prints: `action` for drops, `goto`/`nop` as keys, nothing for a table lookup. */
function ipAction(r: IpRule): string {
  if (r.action) return r.action;
  if (r.goto !== undefined) return 'goto';
  if ('nop' in r) return 'nop';
  return 'to-tbl';
}

async function dump(rule: RtRuleClient, family: 'inet' | 'inet6'): Promise<GetruleDumpReply[]> {
  const out = [];
  for await (const r of rule.getruleDump({ header: { family } })) out.push(r);
  return out;
}

describe('rt-rule against the kernel (checked with ip -j rule)', () => {
  kernelIt('adds rules with priority, table and fwmark; dumps; deletes; header table and attribute table stay apart', async () => {
    await withNetns(async (ns) => {
      const rule = await RtRuleClient.open({ netns: ns.name });
      try {
        await rule.newrule({ header: { family: 'inet', action: 'to-tbl', table: 'compat' }, priority: 1000, table: 1234, fwmark: 0x42, fwmask: 0xff }, { flags: ['create', 'excl'] });
        await rule.newrule({ header: { family: 'inet', action: 'to-tbl', table: 'main', srcLen: 24 }, src: '10.1.2.0', priority: 1001 }, { flags: ['create', 'excl'] });
        const ref = ns.ipJson<IpRule[]>('rule', 'show');
        const r1 = ref.find((r) => r.priority === 1000)!;
        expect(r1.table).toBe('1234');
        expect([r1.fwmark, r1.fwmask]).toEqual(['0x42', '0xff']);
        const r2 = ref.find((r) => r.priority === 1001)!;
        expect([r2.src, r2.srclen, r2.table]).toEqual(['10.1.2.0', 24, 'main']);

        const dumped = await dump(rule, 'inet');
        // The kernel leaves out a zero priority (the local rule); ip prints it as 0.
        expect(dumped.map((r) => r.priority ?? 0).sort()).toEqual(ref.map((r) => r.priority).sort());
        const d1 = dumped.find((r) => r.priority === 1000)!;
        expect(d1.table).toBe(1234); // u32 attribute
        expect(d1.header.table).toBe('compat'); // u8 header field, kept apart
        expect(d1.header.family).toBe('inet');
        expect(d1.fwmark).toBe(0x42);
        expect(d1.header.action).toBe('to-tbl');

        await rule.delrule({ header: { family: 'inet', action: 'to-tbl' }, priority: 1000, table: 1234, fwmark: 0x42, fwmask: 0xff });
        expect(ns.ipJson<IpRule[]>('rule', 'show').map((r) => r.priority)).not.toContain(1000);
      } finally {
        rule.close();
      }
    });
  });

  kernelIt('rules made by ip decode to the names ip prints: family, action, protocol, ipproto, invert, ranges, tables', async () => {
    await withNetns(async (ns) => {
      ns.ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
      ns.ip('rule', 'add', 'pref', '100', 'not', 'from', '10.0.0.0/8', 'ipproto', 'tcp', 'sport', '1000-2000', 'dport', '80', 'uidrange', '100-200', 'proto', 'static', 'table', '100');
      ns.ip('rule', 'add', 'pref', '101', 'fwmark', '0x10/0xff', 'blackhole');
      ns.ip('rule', 'add', 'pref', '102', 'iif', 'va', 'unreachable', 'proto', 'bgp');
      ns.ip('rule', 'add', 'pref', '103', 'goto', '200');
      ns.ip('rule', 'add', 'pref', '104', 'ipproto', 'udp', 'prohibit');
      ns.ip('rule', 'add', 'pref', '200', 'nop', 'proto', '77');
      ns.ip('-6', 'rule', 'add', 'pref', '300', 'from', '2001:db8::/32', 'ipproto', 'ipv6-icmp', 'table', '7', 'proto', 'bird');
      const rule = await RtRuleClient.open({ netns: ns.name });
      try {
        for (const family of ['inet', 'inet6'] as const) {
          const ref = ns.ipJson<IpRule[]>(family === 'inet' ? '-4' : '-6', '-d', 'rule', 'show');
          const dumped = await dump(rule, family);
          expect(dumped.length).toBe(ref.length);
          for (const r of ref) {
            const d = dumped.find((x) => (x.priority ?? 0) === r.priority)!;
            expect(d, `rule ${r.priority}`).toBeDefined();
            expect(d.header.family).toBe(family);
            expect(d.header.action).toBe(ipAction(r));
            // ip prints unnamed protocols as numbers; we give the number too.
            expect(String(d.protocol ?? 'unspec')).toBe(r.protocol ?? 'unspec');
            expect(d.header.flags.includes('invert')).toBe('not' in r);
            if (r.table !== undefined) expect(String(d.table)).toBe(r.table);
            if (r.goto !== undefined) expect(d.goto).toBe(r.goto);
            if (r.ipproto !== undefined) expect(d.ipProto === 'icmpv6' ? 'ipv6-icmp' : d.ipProto).toBe(r.ipproto);
            else expect(d.ipProto).toBeUndefined();
            if (r.uid_start !== undefined) expect(d.uidRange).toEqual({ start: r.uid_start, end: r.uid_end });
            if (r.sport_start !== undefined) expect(d.sportRange).toEqual({ start: r.sport_start, end: r.sport_end });
            if (r.dport !== undefined) expect(d.dportRange).toEqual({ start: r.dport, end: r.dport });
          }
        }
        // Spot checks that the comparison above cannot pass vacuously.
        const v4 = await dump(rule, 'inet');
        expect(v4.find((r) => r.priority === 104)!.header.action).toBe('prohibit');
        expect(v4.find((r) => r.priority === 102)!.protocol).toBe('bgp');
        expect(v4.find((r) => r.priority === 200)!.protocol).toBe(77);
        expect(v4.find((r) => r.priority === 100)!.ipProto).toBe('tcp');
        expect(v4.find((r) => r.priority === undefined)!.protocol).toBe('kernel');
      } finally {
        rule.close();
      }
    });
  });

  kernelIt('names and numbers both encode: a rule added with names shows in ip as given', async () => {
    await withNetns(async (ns) => {
      const rule = await RtRuleClient.open({ netns: ns.name });
      try {
        await rule.newrule(
          { header: { family: 'inet6', action: 'unreachable', srcLen: 48 }, src: '2001:db8:1::', priority: 500, protocol: 'ospf', ipProto: 'udp', dportRange: { start: 53, end: 53 } },
          { flags: ['create', 'excl'] },
        );
        await rule.newrule({ header: { family: 10, action: 6 }, priority: 501, protocol: 12, ipProto: 6 }, { flags: ['create', 'excl'] });
        const ref = ns.ipJson<IpRule[]>('-6', '-d', 'rule', 'show');
        const a = ref.find((r) => r.priority === 500)!;
        expect([a.action, a.protocol, a.ipproto, a.dport, a.src, a.srclen]).toEqual(['unreachable', 'ospf', 'udp', 53, '2001:db8:1::', 48]);
        const b = ref.find((r) => r.priority === 501)!;
        expect([b.action, b.protocol, b.ipproto]).toEqual(['blackhole', 'bird', 'tcp']);
        const back = (await dump(rule, 'inet6')).find((r) => r.priority === 501)!;
        expect([back.header.family, back.header.action, back.protocol, back.ipProto]).toEqual(['inet6', 'blackhole', 'bird', 'tcp']);
      } finally {
        rule.close();
      }
    });
  });
});
