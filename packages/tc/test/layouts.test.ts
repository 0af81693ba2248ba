/**
 * Layouts that depend on more than the kind: a qdisc and its classes share a kind but not their
 * option and statistics formats (hfsc, fq_codel), so class messages have their own attribute
 * set. And numbers the uapi names: encoded from a name or a number, decoded as the name.
 */
import { describe, expect, it } from 'vitest';
import { tcRuntime } from '../src/index.js';

/** sizeof(struct nlmsghdr). */
const NLMSG_HDRLEN = 16;

/** Encodes a reply of `op`, then decodes the whole message again. */
function roundTrip(op: string, value: unknown): { body: Uint8Array; value: Record<string, any> } {
  const body = tcRuntime.encodeReply(op, value).body!;
  const msg = new Uint8Array(NLMSG_HDRLEN + body.length);
  new DataView(msg.buffer).setUint32(0, msg.length, true);
  new DataView(msg.buffer).setUint16(4, tcRuntime.op(op).replyValue!, true);
  msg.set(body, NLMSG_HDRLEN);
  return { body, value: tcRuntime.decodeMessageBytes(op, msg) as Record<string, any> };
}

const TCMSG = 20;
const header = { tcmFamily: 'unspec', tcmIfindex: 2, tcmHandle: 0x10001, tcmParent: 0x10000, tcmInfo: 0 };

describe('qdisc and class layouts of one kind', () => {
  it('hfsc: the qdisc carries struct tc_hfsc_qopt, a class carries service curve attributes', () => {
    const q = roundTrip('getqdisc', { header: { ...header, tcmHandle: 0x10000, tcmParent: 0xffffffff }, kind: 'hfsc', options: { defcls: 0x11 } });
    expect(q.value.options).toEqual({ defcls: 0x11 });
    const rsc = { m1: 125000, d: 10000, m2: 62500 };
    const c = roundTrip('gettclass', { header, kind: 'hfsc', options: { rsc, fsc: rsc } });
    expect(c.value.options).toEqual({ rsc, fsc: rsc });
    // TCA_OPTIONS holds two attributes (type 1 and 2), each a 12-byte struct: a nest, not a struct.
    const opts = c.body.subarray(TCMSG + 12); // after tcmsg and TCA_KIND "hfsc"
    const view = new DataView(opts.buffer, opts.byteOffset);
    expect([view.getUint16(0, true), view.getUint16(2, true) & 0x3fff]).toEqual([4 + 2 * 16, 2]);
    expect([view.getUint16(4, true), view.getUint16(6, true) & 0x3fff]).toEqual([16, 1]);
  });

  it('fq_codel: qdisc xstats are the qdisc half of the union, class xstats the class half', () => {
    const qd = { type: 'qdisc', maxpacket: 1514, dropOverlimit: 1, ecnMark: 2, newFlowCount: 3, newFlowsLen: 4, oldFlowsLen: 5, ceMark: 6, memoryUsage: 7, dropOvermemory: 8 };
    const q = roundTrip('getqdisc', { header, kind: 'fq_codel', xstats: qd });
    expect(q.value.xstats).toEqual(qd);
    const cl = { type: 'class', deficit: -300, ldelay: 1000, count: 2, lastcount: 1, dropping: 0, dropNext: -5 };
    const c = roundTrip('gettclass', { header, kind: 'fq_codel', xstats: cl, stats2: { app: cl } });
    expect(c.value.xstats).toEqual(cl);
    expect(c.value.stats2.app).toEqual(cl);
    // sizeof(struct tc_fq_codel_xstats): the type word and the union.
    const x = c.body.subarray(TCMSG + 16); // after tcmsg and TCA_KIND "fq_codel"
    expect(new DataView(x.buffer, x.byteOffset).getUint16(0, true)).toBe(4 + 40);
  });

  it('an mq class has no options; filters have their own kinds', () => {
    const mq = roundTrip('gettclass', { header, kind: 'mq' }).value;
    expect(mq).toMatchObject({ header, kind: 'mq' });
    expect(Object.keys(mq).sort()).toEqual(['header', 'kind']);
    const f = roundTrip('gettfilter', { header, kind: 'matchall', options: { classid: 0x10001, flags: ['skip-hw', 'not-in-hw'] } });
    expect(f.value.options).toEqual({ classid: 0x10001, flags: ['skip-hw', 'not-in-hw'] });
  });
});

describe('ematches', () => {
  it('each ematch decodes its header (kind, relation, invert) and keeps its data as $tail', () => {
    const cmp = Uint8Array.from([0, 0, 0, 0x45, 0, 0, 0, 0xff, 0, 0, 0x21, 0x10]); // struct tcf_em_cmp
    const value = {
      header, kind: 'basic',
      options: {
        classid: 0x10002,
        ematches: {
          hdr: { nmatches: 2, progid: 0 },
          list: [
            { matchid: 0, kind: 'cmp', relation: 'and', invert: 0, simple: 0, pad: 0, $tail: cmp },
            { matchid: 1, kind: 'u32', relation: 'end', invert: 1, simple: 0, pad: 0, $tail: new Uint8Array(16) },
          ],
        },
      },
    };
    const back = roundTrip('gettfilter', value).value.options.ematches;
    expect(back.list.map((m: Record<string, unknown>) => [m.kind, m.relation, m.invert, m.simple])).toEqual([
      ['cmp', 'and', 0, 0],
      ['u32', 'end', 1, 0],
    ]);
    expect(Array.from(back.list[0].$tail as Uint8Array)).toEqual(Array.from(cmp));
  });
});

describe('names for numbers', () => {
  it('address family and verdicts: a name or a number encodes the same bytes and decodes as the name', () => {
    const byName = roundTrip('getaction', { header: { tcaFamily: 'inet' }, tab: [{ kind: 'gact', options: { parms: { index: 1, action: 'shot' }, prob: { ptype: 'netrand', pval: 100, paction: 'ok' } } }] });
    const byNumber = roundTrip('getaction', { header: { tcaFamily: 2 }, tab: [{ kind: 'gact', options: { parms: { index: 1, action: 2 }, prob: { ptype: 1, pval: 100, paction: 0 } } }] });
    expect(byNumber.body).toEqual(byName.body);
    expect(byNumber.value.header.tcaFamily).toBe('inet');
    expect(byNumber.value.tab[0].options.parms.action).toBe('shot');
    expect(byNumber.value.tab[0].options.prob).toMatchObject({ ptype: 'netrand', paction: 'ok' });
  });

  it('TC_ACT_UNSPEC (-1) has a name; extended verdicts (goto chain 5) stay numbers', () => {
    const v = roundTrip('getaction', { header: { tcaFamily: 0 }, tab: [{ kind: 'mirred', options: { parms: { action: -1, eaction: 'ingress-redir', ifindex: 3 } } }, { kind: 'mirred', options: { parms: { action: 0x20000005, eaction: 4, ifindex: 3 } } }] });
    expect(v.value.tab.map((a: { options: { parms: { action: unknown; eaction: unknown } } }) => [a.options.parms.action, a.options.parms.eaction]))
      .toEqual([['unspec', 'ingress-redir'], [0x20000005, 'ingress-mirror']]);
  });

  it('flag words decode as lists of names, unknown bits as a number', () => {
    const v = roundTrip('gettfilter', { header, kind: 'u32', options: { flags: ['skip-sw', 'in-hw', 0x100], sel: { flags: ['terminal', 'eat'] } } });
    expect(v.value.options.flags).toEqual(['skip-sw', 'in-hw', 0x100]);
    expect(v.value.options.sel.flags).toEqual(['terminal', 'eat']);
  });
});
