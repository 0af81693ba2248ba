/** The straight-line struct decoder: same values as the member loop, safe with hostile names. */
import { describe, it, expect } from 'vitest';
import type { FamilyIR } from '@nlkit/ir';
import { FamilyIndex, decodeStruct } from '../core.js';

const HOSTILE = 'x"}; globalThis.pwned = 1; ({"';

function family(names: string[]): FamilyIR {
  return {
    irVersion: 2, name: 'fast', protocol: 'netlink-raw', protonum: 31, consts: [], enums: [], attributeSets: [], subMessages: [], operations: [], mcastGroups: [],
    structs: [{
      name: 'st', size: 12,
      members: [
        { name: names[0]!, type: 'u8', offset: 0, size: 1 },
        { name: 'pad', type: 'pad', offset: 1, size: 3 },
        { name: names[1]!, type: 'u32', offset: 4, size: 4, byteOrder: 'big-endian' },
        { name: names[2]!, type: 'binary', offset: 8, size: 4, displayHint: 'ipv4' },
      ],
    }],
  };
}

describe('struct decoding', () => {
  const bytes = Uint8Array.from([7, 0, 0, 0, 0, 0, 1, 2, 192, 0, 2, 1]);

  it('decodes a full struct and a short one (older kernel) to the same members', () => {
    const fam = new FamilyIndex(family(['kind', 'count', 'addr']));
    const st = fam.struct('st');
    expect(decodeStruct(fam, st, bytes, 0, 12)).toEqual({ kind: 7, count: 258, addr: '192.0.2.1' });
    // Decoded twice (the fast path is built on first use) and from a short buffer (member loop).
    expect(decodeStruct(fam, st, bytes, 0, 12)).toEqual({ kind: 7, count: 258, addr: '192.0.2.1' });
    expect(decodeStruct(fam, st, bytes, 0, 8)).toEqual({ kind: 7, count: 258 });
  });

  it('member names from a hostile schema never become code', () => {
    const fam = new FamilyIndex(family([HOSTILE, 'constructor', '__proto__']));
    const v = decodeStruct(fam, fam.struct('st'), bytes, 0, 12);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(Object.keys(v)).toEqual(['xGlobalthisPwned1', 'constructor', 'proto']);
    expect(Object.values(v)).toEqual([7, 258, '192.0.2.1']);
  });
});
