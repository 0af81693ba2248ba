/** Names for numbers without a kernel: requests take the name or the number, decoding gives the name. */
import { describe, expect, it } from 'vitest';
import { decodeNewaddrNtfNotification, encodeNewaddrRequest } from '../src/index.js';

const HDR = 16; // nlmsghdr

describe('rt-addr names for numbers', () => {
  const byName = encodeNewaddrRequest({ header: { ifaFamily: 'inet6', ifaPrefixlen: 64, ifaScope: 'link', ifaIndex: 2 }, address: 'fe80::1', proto: 'kernel-ll' });
  const byNumber = encodeNewaddrRequest({ header: { ifaFamily: 10, ifaPrefixlen: 64, ifaScope: 253, ifaIndex: 2 }, address: 'fe80::1', proto: 3 });

  it('encodes a name and its number to the same bytes, with the uapi values', () => {
    expect(Buffer.from(byName).toString('hex')).toBe(Buffer.from(byNumber).toString('hex'));
    expect([byName[HDR], byName[HDR + 3]]).toEqual([10, 253]); // ifa_family = AF_INET6, ifa_scope = RT_SCOPE_LINK
  });

  it('decodes to the names, and a value no enum names to its number', () => {
    const a = decodeNewaddrNtfNotification(byNumber);
    expect([a.header.ifaFamily, a.header.ifaScope, a.proto]).toEqual(['inet6', 'link', 'kernel-ll']);
    const odd = decodeNewaddrNtfNotification(encodeNewaddrRequest({ header: { ifaFamily: 200, ifaScope: 100 } }));
    expect([odd.header.ifaFamily, odd.header.ifaScope]).toEqual([200, 100]);
  });
});
