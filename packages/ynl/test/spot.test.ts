import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FamilyIR } from '@nlkit/ir';
import { loadSchemaFileSync } from '../src/index.js';

const dir = fileURLToPath(new URL('../../../../shared/ynl-specs/', import.meta.url));
const present = existsSync(dir);
const cache = new Map<string, FamilyIR>();
const load = (f: string): FamilyIR => {
  let ir = cache.get(f);
  if (!ir) cache.set(f, (ir = loadSchemaFileSync(dir + f)));
  return ir;
};
const op = (ir: FamilyIR, name: string) => ir.operations.find((o) => o.name === name)!;
const set = (ir: FamilyIR, name: string) => ir.attributeSets.find((s) => s.name === name)!;
const attr = (ir: FamilyIR, s: string, a: string) => set(ir, s).attrs.find((x) => x.name === a)!;

describe.skipIf(!present)(present ? 'corpus spot checks' : `corpus spot checks (skipped: ${dir} is absent)`, () => {
  it('rt-link: struct ifla-vf-guid is laid out like C (u64 aligned to 8)', () => {
    const s = load('rt-link.yaml').structs.find((x) => x.name === 'ifla-vf-guid');
    expect(s).toBeDefined();
    expect(s!.members.map((m) => [m.name, m.offset, m.size])).toEqual([
      ['vf', 0, 4],
      ['guid', 8, 8],
    ]);
    expect(s!.size).toBe(16);
  });

  it('rt-link: netlink-raw directional ids and fixed header', () => {
    const ir = load('rt-link.yaml');
    expect(ir.protocol).toBe('netlink-raw');
    expect(ir.protonum).toBe(0);
    expect(ir.genlVersion).toBeUndefined();
    const getlink = op(ir, 'getlink');
    expect([getlink.requestValue, getlink.replyValue]).toEqual([18, 16]);
    expect(getlink.fixedHeader).toBe('ifinfomsg');
    const ntf = op(ir, 'newlink-ntf');
    expect(ntf.requestValue).toBeUndefined();
    expect(ntf.replyValue).toBe(16);
    expect(ntf.notification?.attributes).toEqual(getlink.do?.reply?.attributes);
    expect(op(ir, 'newlink').requestValue).toBe(16);
    expect(ir.mcastGroups.find((g) => g.name === 'rtnlgrp-link')?.value).toBe(1);
  });

  it('nlctrl: getfamily is cmd 3, policy is a two-level nest-type-value', () => {
    const ir = load('nlctrl.yaml');
    expect(ir.protonum).toBe(16);
    expect(ir.genlVersion).toBe(1);
    expect(op(ir, 'getfamily').requestValue).toBe(3);
    expect(attr(ir, 'ctrl-attrs', 'policy')).toMatchObject({ type: 'nest-type-value', typeValue: ['policy-id', 'attr-id'] });
  });

  it('ethtool: directional ids count requests and replies apart', () => {
    const ir = load('ethtool.yaml');
    const get = op(ir, 'linkinfo-get');
    expect([get.requestValue, get.replyValue]).toEqual([2, 2]);
    const set_ = op(ir, 'linkinfo-set');
    expect(set_.requestValue).toBe(3);
    expect(set_.replyValue).toBeUndefined();
    const ntf = op(ir, 'linkinfo-ntf');
    expect(ntf.requestValue).toBeUndefined();
    expect(ntf.replyValue).toBe(3);
    expect(ntf.attributeSet).toBe('linkinfo');
    expect(ntf.notification?.attributes).toEqual(get.do?.reply?.attributes);
  });

  it('ethtool: flags value-start is a bit number; bit 31 stays positive', () => {
    const e = load('ethtool.yaml').enums.find((x) => x.name === 'rxfh-fields')!;
    expect(e.kind).toBe('flags');
    for (const entry of e.entries) {
      expect(entry.value).toBeGreaterThan(0);
      expect(Math.log2(entry.value) % 1).toBe(0);
    }
    expect(e.entries.find((x) => x.name === 'discard')?.value).toBe(2 ** 31);
  });

  it('rt-rule: header member `table` (u8) and attribute `table` (u32) stay apart', () => {
    const ir = load('rt-rule.yaml');
    const hdr = ir.structs.find((s) => s.name === 'fib-rule-hdr')!;
    expect(hdr.members.find((m) => m.name === 'table')).toMatchObject({ type: 'u8', size: 1 });
    expect(attr(ir, 'fib-rule-attrs', 'table')).toMatchObject({ type: 'u32' });
    expect(op(ir, 'newrule').fixedHeader).toBe('fib-rule-hdr');
  });

  it('tc: sub-message formats keep selector values with underscores', () => {
    const ir = load('tc.yaml');
    const options = ir.subMessages.find((s) => s.name === 'options-msg')!;
    expect(options.formats.find((f) => f.value === 'fq_codel')).toEqual({ value: 'fq_codel', attributeSet: 'fq-codel-attrs' });
    expect(attr(ir, 'tca-stats-attrs', 'app')).toMatchObject({ type: 'sub-message', subMessage: 'tca-stats-app-msg', selector: 'kind' });
  });

  it('devlink: subsets keep parent ids and tolerate an attribute listed twice', () => {
    const ir = load('devlink.yaml');
    const sub = set(ir, 'dl-dpipe-table');
    expect(sub.subsetOf).toBe('devlink');
    const names = sub.attrs.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of sub.attrs) expect(a.value).toBe(attr(ir, 'devlink', a.name).value);
    expect(sub.attrs.find((a) => a.name === 'dpipe-table-name')).toMatchObject({ type: 'string' });
  });

  it('ovs_datapath: genl version and family-level fixed header', () => {
    const ir = load('ovs_datapath.yaml');
    expect(ir.genlVersion).toBe(2);
    for (const o of ir.operations) expect(o.fixedHeader).toBe('ovs-header');
  });

  it('wireguard: checks naming a const by its C name resolve to numbers', () => {
    const ir = load('wireguard.yaml');
    expect(ir.attributeSets.some((s) => s.attrs.some((a) => a.checks?.exactLen === 32))).toBe(true);
  });

  it('specs without protocol are genetlink', () => {
    const ir = load('netdev.yaml');
    expect(ir.protocol).toBe('genetlink');
    expect(ir.protonum).toBe(16);
  });
});
