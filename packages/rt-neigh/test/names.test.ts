/** Names for numbers without a kernel: requests take the name or the number, decoding gives the name. */
import { describe, expect, it } from 'vitest';
import { decodeNewneighNtfNotification, encodeNewneighRequest } from '../src/index.js';

const HDR = 16; // nlmsghdr

describe('rt-neigh names for numbers', () => {
  const byName = encodeNewneighRequest({ header: { ndmFamily: 'bridge', ndmIfindex: 3, ndmState: ['noarp'], ndmFlags: ['master'], ndmType: 'unicast' }, lladdr: '02:00:00:00:00:01', protocol: 'zebra' });
  const byNumber = encodeNewneighRequest({ header: { ndmFamily: 7, ndmIfindex: 3, ndmState: ['noarp'], ndmFlags: ['master'], ndmType: 1 }, lladdr: '02:00:00:00:00:01', protocol: 11 });

  it('encodes a name and its number to the same bytes, with the uapi values', () => {
    expect(Buffer.from(byName).toString('hex')).toBe(Buffer.from(byNumber).toString('hex'));
    expect(byName[HDR]).toBe(7); // ndm_family = AF_BRIDGE
    expect(byName[HDR + 8]).toBe(0x40); // ndm_state = NUD_NOARP
    expect(byName[HDR + 10]).toBe(0x04); // ndm_flags = NTF_MASTER
  });

  it('decodes to the names, and a value no enum names to its number', () => {
    const n = decodeNewneighNtfNotification(byNumber);
    expect([n.header.ndmFamily, n.header.ndmType, n.protocol]).toEqual(['bridge', 'unicast', 'zebra']);
    const odd = decodeNewneighNtfNotification(encodeNewneighRequest({ header: { ndmFamily: 77 }, protocol: 250 }));
    expect([odd.header.ndmFamily, odd.protocol]).toEqual([77, 250]);
  });
});
