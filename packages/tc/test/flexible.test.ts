/**
 * Structs that end in a C flexible array (struct tc_u32_sel keys[], struct tc_u32_pcnt kcnts[],
 * struct tc_pedit_sel keys[]) decode as arrays and re-encode to the same bytes. The first case
 * is a u32 filter the kernel sent (tc filter add ... u32 match ip src 1.2.3.4/32 match ip dport
 * 80 0xffff classid 1:5 action mirred egress redirect dev vb); the others are built here, since
 * this kernel has no u32 hit counters (CONFIG_CLS_U32_PERF) and no pedit.
 */
import { describe, expect, it } from 'vitest';
import { tcRuntime } from '../src/index.js';

/** sizeof(struct nlmsghdr). */
const NLMSG_HDRLEN = 16;

const U32_FILTER = '2c0100002c0002009630560a45280000000000000300000000080080f2ffffff08000300080001007533320008000b0000000000f80002003400050001000200000000000000000000000000ffffffff010203040c000000000000000000ffff0000005014000000000000000800020000000080080001000500010008000b0008000000a8000700a40001000b0001006d69727265640000440004001400010000000000000000000000000000000000140007000000000000000000000000000000000018000300000000000000000000000000000000000000000008000a0000000000480002002000020001000000000000000400000001000000010000000100000002000000240001001200000000000000120000000000000000000000000000000000000000000000';

const fromHex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
/** A reply body re-encoded from its decoded value. */
const reencode = (op: string, value: unknown) => tcRuntime.encodeReply(op, value).body!;

describe('flexible array members in tc structs', () => {
  it('a u32 filter from the kernel: both keys of its selector, its mirred action, same bytes again', () => {
    const bytes = fromHex(U32_FILTER);
    const f = tcRuntime.decodeMessageBytes('gettfilter', bytes) as Record<string, any>;
    expect(f.header).toMatchObject({ tcmFamily: 'unspec', tcmParent: 0xfffffff2, tcmInfo: (3 << 16) | 0x0008 });
    expect(f.kind).toBe('u32');
    expect(f.options.classid).toBe(0x10005);
    expect(f.options.sel).toMatchObject({ flags: ['terminal'], nkeys: 2 });
    expect(f.options.sel.keys).toEqual([
      { mask: 0xffffffff, val: 0x01020304, off: 12, offmask: 0 },
      { mask: 0x0000ffff, val: 0x00000050, off: 20, offmask: 0 },
    ]);
    expect(f.options.sel.$tail).toBeUndefined();
    expect(f.options.act[0].options.parms).toMatchObject({ action: 'stolen', eaction: 'egress-redir' });
    // The same bytes again, NLA_F_NESTED included: the kernel starts each action's nest
    // without it (nla_nest_start_noflag), and the decoded elements remember that.
    const again = reencode('gettfilter', f);
    expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(bytes.subarray(NLMSG_HDRLEN)).toString('hex'));
    expect(tcRuntime.decodeMessageBytes('gettfilter', withHeader(again, 44))).toEqual(f);
  });

  it('u32 hit counters: one u64 per key after the totals', () => {
    const value = {
      header: { tcmFamily: 'unspec', tcmIfindex: 2, tcmHandle: 0x80000800, tcmParent: 0xfffffff2, tcmInfo: 0x30008 },
      kind: 'u32',
      options: {
        sel: { flags: ['terminal'], keys: [{ mask: 0xffffffff, val: 0x01020304, off: 12, offmask: 0 }, { mask: 0xffff, val: 80, off: 20, offmask: 0 }] },
        pcnt: { rcnt: 10n, rhit: 7n, kcnts: [7n, 3n] },
      },
    };
    const body = reencode('gettfilter', value);
    const back = tcRuntime.decodeMessageBytes('gettfilter', withHeader(body, 44)) as Record<string, any>;
    expect(back.options.pcnt).toEqual({ rcnt: 10n, rhit: 7n, kcnts: [7n, 3n] });
    expect(back.options.sel.nkeys).toBe(2);
    expect(back.options.sel.keys).toHaveLength(2);
    expect(reencode('gettfilter', back)).toEqual(body);
  });

  it('pedit keys: nkeys written from the array, decoded back as structs', () => {
    const keys = [
      { mask: 0, val: 0x01010101, off: 12, at: 0, offmask: 0, shift: 0 },
      { mask: 0xffff0000, val: 0x5000, off: 20, at: 0, offmask: 0, shift: 0 },
    ];
    const value = {
      header: { tcaFamily: 'unspec' },
      // As the kernel dumps it: parms-ex with the keys, and one key-ex per key inside keys-ex.
      tab: [{ kind: 'pedit', options: { parmsEx: { index: 3, action: 'pipe', keys }, keysEx: { keyEx: [{ htype: 'ip4', cmd: 'set' }, { htype: 'tcp', cmd: 'add' }] } } }],
    };
    const body = reencode('getaction', value);
    const back = tcRuntime.decodeMessageBytes('getaction', withHeader(body, 50)) as Record<string, any>;
    const parms = back.tab[0].options.parmsEx;
    expect(parms).toMatchObject({ index: 3, action: 'pipe', nkeys: 2 });
    expect(parms.keys).toEqual(keys);
    expect(back.tab[0].options.keysEx.keyEx).toEqual([{ htype: 'ip4', cmd: 'set' }, { htype: 'tcp', cmd: 'add' }]);
    expect(reencode('getaction', back)).toEqual(body);
  });

  it('a count that disagrees with the array is refused', () => {
    const sel = { nkeys: 3, keys: [{ mask: 0, val: 0, off: 0, offmask: 0 }] };
    expect(() => reencode('gettfilter', { header: { tcmIfindex: 1 }, kind: 'u32', options: { sel } })).toThrow(/nkeys|count/);
  });
});

/** A whole message: nlmsghdr (length, type) and the body. */
function withHeader(body: Uint8Array, type: number): Uint8Array {
  const out = new Uint8Array(NLMSG_HDRLEN + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.length, true);
  v.setUint16(4, type, true);
  out.set(body, NLMSG_HDRLEN);
  return out;
}
