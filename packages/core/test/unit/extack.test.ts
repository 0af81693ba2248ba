/** Extended ack: parsing NLMSG_ERROR, NetlinkError, and naming the offending attribute. */
import { describe, it, expect } from 'vitest';
import {
  parseErrorPayload, NetlinkError, errnoName, defineFamily, readPolicy, splitMessages, walkAttrs,
  FamilyClient, Session, MemoryTransport, NLM_F_CAPPED, NLM_F_ACK_TLVS, NLMSG_ERROR,
} from '../core.js';
import { RAW } from './fixtures.js';
import { hx, toHex, errorMsg, firstMessage } from './helpers.js';

const rt = defineFamily(RAW);

describe('parseErrorPayload', () => {
  // The body of an NLMSG_ERROR with NLM_F_CAPPED | NLM_F_ACK_TLVS and every NLMSGERR_ATTR_*.
  const payload = hx`
    ea ff ff ff                                     // error = -22 (EINVAL)
    4c 00 00 00  10 00  05 00  07 00 00 00  92 10 00 00   // echoed nlmsghdr only (capped): len 76, type 16, seq 7
    10 00 01 00  62 61 64 20 76 6c 61 6e 20 69 64 00      // NLMSGERR_ATTR_MSG = "bad vlan id"
    08 00 02 00  3c 00 00 00                        // NLMSGERR_ATTR_OFFS = 60
    0c 00 03 00  01 02 03 04 05 06 07 08            // NLMSGERR_ATTR_COOKIE = 8 bytes
    24 00 04 80                                     // NLMSGERR_ATTR_POLICY (nested)
      08 00 01 00  03 00 00 00                      //   NL_POLICY_TYPE_ATTR_TYPE = NL_ATTR_TYPE_U16
      0c 00 04 00  00 00 00 00 00 00 00 00          //   NL_POLICY_TYPE_ATTR_MIN_VALUE_U = 0
      0c 00 05 00  fe 0f 00 00 00 00 00 00          //   NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 4094
    08 00 05 00  02 00 00 00                        // NLMSGERR_ATTR_MISS_TYPE = 2
    08 00 06 00  38 00 00 00                        // NLMSGERR_ATTR_MISS_NEST = 56
  `;

  it('decodes the error, the echoed header and every extack attribute', () => {
    const r = parseErrorPayload(payload, 0, payload.length, NLM_F_CAPPED | NLM_F_ACK_TLVS);
    expect(r).toEqual({
      error: -22,
      requestType: 16,
      requestSeq: 7,
      extack: {
        message: 'bad vlan id',
        offset: 60,
        cookie: hx`01 02 03 04 05 06 07 08`,
        policy: { type: 'u16', minValue: 0, maxValue: 4094 },
        missingType: 2,
        missingNestOffset: 56,
      },
    });
  });

  it('works on a payload inside a larger buffer (offsets are relative to the buffer)', () => {
    const big = new Uint8Array(payload.length + 40);
    big.set(payload, 24);
    const r = parseErrorPayload(big, 24, 24 + payload.length, NLM_F_CAPPED | NLM_F_ACK_TLVS);
    expect(r.extack.message).toBe('bad vlan id');
    expect(r.extack.missingNestOffset).toBe(56);
  });

  it('without NLM_F_CAPPED the whole request is echoed and skipped (aligned)', () => {
    const p = hx`
      ff ff ff ff                                       // error = -1 (EPERM)
      16 00 00 00  10 00  05 00  03 00 00 00  00 00 00 00   // echoed request: len 22
      01 02 03 04 05 06  00 00                          // its 6 payload bytes, padded to 24
      0c 00 01 00  6e 6f 20 77 61 79 00 00              // NLMSGERR_ATTR_MSG = "no way"
    `;
    const r = parseErrorPayload(p, 0, p.length, NLM_F_ACK_TLVS);
    expect(r.error).toBe(-1);
    expect(r.requestSeq).toBe(3);
    expect(r.extack).toEqual({ message: 'no way' });
  });

  it('ignores TLVs without NLM_F_ACK_TLVS, and keeps the errno when the TLVs are malformed', () => {
    expect(parseErrorPayload(payload, 0, payload.length, NLM_F_CAPPED).extack).toEqual({});
    const bad = hx`
      fe ff ff ff                                       // error = -2
      10 00 00 00  10 00  05 00  01 00 00 00  00 00 00 00   // echoed header
      40 00 01 00  61 62                                // attribute claiming 64 bytes
    `;
    const r = parseErrorPayload(bad, 0, bad.length, NLM_F_CAPPED | NLM_F_ACK_TLVS);
    expect(r.error).toBe(-2);
    // A truncated payload still yields an error.
    expect(parseErrorPayload(new Uint8Array(2), 0, 2, 0).error).toBe(-22);
  });

  it('reads signed policy bounds, lengths and the policy index', () => {
    const p = hx`
      08 00 01 00  08 00 00 00                          // type = s32
      0c 00 02 00  f6 ff ff ff ff ff ff ff              // MIN_VALUE_S = -10
      0c 00 03 00  0a 00 00 00 00 00 00 00              // MAX_VALUE_S = 10
      08 00 06 00  01 00 00 00                          // MIN_LENGTH = 1
      08 00 07 00  10 00 00 00                          // MAX_LENGTH = 16
      08 00 08 00  02 00 00 00                          // POLICY_IDX = 2
      08 00 09 00  05 00 00 00                          // POLICY_MAXTYPE = 5
      08 00 0a 00  ff 00 00 00                          // BITFIELD32_MASK = 0xff
      0c 00 05 00  ff ff ff ff ff ff ff ff              // MAX_VALUE_U = 2^64-1 (stays bigint)
    `;
    expect(readPolicy(p, 0, p.length)).toEqual({
      type: 's32', minValue: -10, maxValue: 0xffffffffffffffffn, minLength: 1, maxLength: 16, policyIndex: 2, policyMaxType: 5, bitfield32Mask: 0xff,
    });
  });
});

describe('NetlinkError', () => {
  it('carries errno, code and a message built from the extack', () => {
    const e = new NetlinkError(22);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('NetlinkError');
    expect(e.errno).toBe(22);
    expect(e.code).toBe('EINVAL');
    expect(e.message).toBe('Invalid argument (EINVAL)');
    const full = new NetlinkError(22, {
      message: 'bad vlan id', attributePath: ['linkinfo', 'data', 'id'], missingType: 2, missingAttribute: 'protocol',
      missingNestPath: ['linkinfo', 'data'], policy: { type: 'u16', maxValue: 4094 },
    }, 16, 'gold link');
    expect(full.message).toBe('gold link: bad vlan id (EINVAL) at linkinfo.data.id missing linkinfo.data.protocol policy: u16 range ..4094');
    expect(full.requestType).toBe(16);
    expect(new NetlinkError(2, { offset: 40, missingType: 9 }).message).toBe('No such file or directory (ENOENT) at request offset 40 missing attribute 9');
    expect(errnoName(1)).toBe('EPERM');
    expect(errnoName(17)).toBe('EEXIST');
    expect(errnoName(99999)).toBe('E99999');
  });

  it('withNames re-describes with resolved names', () => {
    const e = new NetlinkError(34, { offset: 60 }).withNames({ attributePath: ['a', 'b'] }, 'op');
    expect(e.extack).toEqual({ offset: 60, attributePath: ['a', 'b'] });
    expect(e.message).toBe('op: Numerical result out of range (ERANGE) at a.b');
  });
});

describe('FamilyRuntime.namer', () => {
  const request = rt.encodeRequestBytes('link', 'do', {
    header: { index: 5 },
    ifname: 'x',
    linkinfo: { kind: 'vlan', data: { id: 10, protocol: 0x8100 } },
  });
  // Where each attribute header sits in the request, walked from the bytes.
  const at: Record<string, number> = {};
  walkAttrs(request, 32, request.length, (t, s, e) => {
    at[t === 3 ? 'ifname' : 'linkinfo'] = s - 4;
    if (t === 18) walkAttrs(request, s, e, (t2, s2, e2) => {
      at[t2 === 1 ? 'kind' : 'data'] = s2 - 4;
      if (t2 === 2) walkAttrs(request, s2, e2, (t3, s3) => { at[t3 === 1 ? 'id' : 'protocol'] = s3 - 4; });
    });
  });

  it('the layout is the one the offsets below assume', () => {
    expect(at).toEqual({ ifname: 32, linkinfo: 40, kind: 44, data: 56, id: 60, protocol: 68 });
  });

  it('turns an offset into a path of names, through a nest and a sub-message', () => {
    const name = rt.namer('link');
    expect(name({ offset: 60 }, request).attributePath).toEqual(['linkinfo', 'data', 'id']);
    expect(name({ offset: 64 }, request).attributePath).toEqual(['linkinfo', 'data', 'id']); // inside the payload
    expect(name({ offset: 68 }, request).attributePath).toEqual(['linkinfo', 'data', 'protocol']);
    expect(name({ offset: 44 }, request).attributePath).toEqual(['linkinfo', 'kind']);
    expect(name({ offset: 40 }, request).attributePath).toEqual(['linkinfo']);
    expect(name({ offset: 32 }, request).attributePath).toEqual(['ifname']);
    // Into the fixed header: the struct member.
    expect(name({ offset: 20 }, request).attributePath).toEqual(['header', 'index']);
  });

  it('turns a missing type plus a missing-nest offset into names', () => {
    const name = rt.namer('link');
    expect(name({ missingType: 1, missingNestOffset: 40 }, request)).toEqual({ missingNestPath: ['linkinfo'], missingAttribute: 'kind' });
    expect(name({ missingType: 2, missingNestOffset: 56 }, request)).toEqual({ missingNestPath: ['linkinfo', 'data'], missingAttribute: 'protocol' });
    expect(name({ missingType: 3 }, request)).toEqual({ missingAttribute: 'ifname' });
    // A type the set does not have stays a number (no name).
    expect(name({ missingType: 77 }, request)).toEqual({});
  });

  it('follows a sub-message whose selector is in an enclosing set', () => {
    const req = rt.encodeRequestBytes('qdisc', 'do', { kind: 'fq', stats: { app: { flows: 1 }, drops: 2 } });
    const name = rt.namer('qdisc');
    expect(name({ offset: 32 }, req).attributePath).toEqual(['stats', 'app', 'flows']);
    expect(name({ offset: 40 }, req).attributePath).toEqual(['stats', 'drops']);
    const codel = rt.encodeRequestBytes('qdisc', 'do', { kind: 'codel', stats: { app: { ldelay: 1 } } });
    expect(name({ offset: 36 }, codel).attributePath).toEqual(['stats', 'app', 'ldelay']); // "codel\0" is 12 bytes: app's header at 32
    expect(name({ offset: 33 }, codel).attributePath).toEqual(['stats', 'app']);
  });

  it('a client request rejected by the peer reports the offending attribute by name', async () => {
    const t = new MemoryTransport((d, tr) => {
      const req = firstMessage(d);
      const tlvs = hx`
        10 00 01 00  62 61 64 20 76 6c 61 6e 20 69 64 00   // MSG "bad vlan id"
        08 00 02 00  3c 00 00 00                           // OFFS = 60
      `;
      tr.deliver(errorMsg(req, -34, tlvs));
    });
    const s = new Session(t);
    const client = new FamilyClient(rt, s);
    const err = await client.doRequest('link', { header: { index: 5 }, ifname: 'x', linkinfo: { kind: 'vlan', data: { id: 10, protocol: 0x8100 } } }).catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('ERANGE');
    expect(err.extack.attributePath).toEqual(['linkinfo', 'data', 'id']);
    expect(err.message).toBe('gold link: bad vlan id (ERANGE) at linkinfo.data.id');
    // The request went out as encoded (same bytes apart from seq/pid).
    const sent = splitMessages(t.sent[0]!)[0]!;
    expect(toHex(sent.buf.subarray(16, sent.end))).toBe(toHex(request.subarray(16)));
    expect(sent.type).not.toBe(NLMSG_ERROR);
    s.close();
  });
});
