/** Names for numbers without a kernel: requests take the name or the number, decoding gives the name. */
import { describe, expect, it } from 'vitest';
import { AddressFamily, IpProto, RtProtocol, decodeNewruleNtfNotification, encodeNewruleRequest } from '../src/index.js';

const HDR = 16; // nlmsghdr

describe('rt-rule names for numbers', () => {
  const byName = encodeNewruleRequest({ header: { family: 'inet6', action: 'blackhole' }, priority: 7, protocol: 'bird', ipProto: 'icmpv6' });
  const byNumber = encodeNewruleRequest({ header: { family: 10, action: 6 }, priority: 7, protocol: 12, ipProto: 58 });

  it('encodes a name and its number to the same bytes, with the uapi values', () => {
    expect(Buffer.from(byName).toString('hex')).toBe(Buffer.from(byNumber).toString('hex'));
    expect(byName[HDR]).toBe(10); // fib_rule_hdr.family = AF_INET6
    expect(byName[HDR + 7]).toBe(6); // fib_rule_hdr.action = FR_ACT_BLACKHOLE
    expect([AddressFamily.inet6, RtProtocol.bird, IpProto.icmpv6]).toEqual([10, 12, 58]);
  });

  it('decodes to the names, and a value no enum names to its number', () => {
    const r = decodeNewruleNtfNotification(byNumber);
    expect([r.header.family, r.header.action, r.protocol, r.ipProto]).toEqual(['inet6', 'blackhole', 'bird', 'icmpv6']);
    const odd = decodeNewruleNtfNotification(encodeNewruleRequest({ header: { family: 99 }, protocol: 77, ipProto: 200 }));
    expect([odd.header.family, odd.protocol, odd.ipProto]).toEqual([99, 77, 200]);
  });

  it('refuses a name the enum does not have', () => {
    // @ts-expect-error: not a protocol name
    expect(() => encodeNewruleRequest({ header: { family: 'inet' }, protocol: 'ospf3' })).toThrow(/ospf3/);
  });
});
