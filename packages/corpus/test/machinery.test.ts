/** The corpus's own parts, without a kernel: the guess scanner, iproute2 JSON, the field tables' engine, tagged JSON. */
import { describe, expect, it } from 'vitest';
import { fromJson, parseIprouteJson, scanDecoded, toJson } from '../src/index.js';
import { compareFields, type Ctx } from '../src/match.js';
import { filterParents, parseHandle } from '../src/corpus.js';
import { handleText } from '../src/tables.js';

const ctx: Ctx = { ifname: (i) => (i === 3 ? 've0' : undefined) };

describe('scanDecoded', () => {
  it('reports $unknown, $tail, $rest and bytes outside the opaque list, with their paths', () => {
    const found = scanDecoded({
      a: { $unknown: [{ type: 9, data: Uint8Array.of(1, 2) }] },
      b: { sel: { $tail: Uint8Array.of(0, 0, 0, 0) } },
      c: { entry$rest: 3 },
      d: [{ ops: Uint8Array.of(6, 0) }],
      cookie: Uint8Array.of(0xaa),
      options: { priomap: Uint8Array.of(1, 2) },
      afSpec: { inet6: { mcast: Uint8Array.of(0) } },
      other: { mcast: Uint8Array.of(0) },
    }, 'm');
    expect(found.map((f) => f.path)).toEqual(['a.$unknown', 'b.sel.$tail', 'c.entry$rest', 'd.0.ops', 'other.mcast']);
    expect(found[0]!.what).toContain('unknown attribute type 9');
  });
  it('finds nothing in a clean value', () => {
    expect(scanDecoded({ x: 1, y: [{ z: 'a' }], n: 2n }, 'm')).toEqual([]);
  });
});

describe('parseIprouteJson', () => {
  it('keeps every value of a key tc prints twice', () => {
    expect(parseIprouteJson('[{"match":{"off":12},"match":{"off":20},"match":{"off":24},"x":[1,-2.5e1,true,null,"q\\"s"]}]'))
      .toEqual([{ match: [{ off: 12 }, { off: 20 }, { off: 24 }], x: [1, -25, true, null, 'q"s'] }]);
  });
  it('refuses text that is not JSON', () => {
    expect(() => parseIprouteJson('class htb 1:1 root')).toThrow(SyntaxError);
  });
});

describe('compareFields', () => {
  it('skips what iproute2 does not print, and reports what nlkit lacks or gets wrong', () => {
    const found = compareFields([
      { ours: 'a', theirs: 'a' },
      { ours: 'b', theirs: 'b' },
      { ours: 'c', theirs: 'c' },
      { ours: 'dev', theirs: 'dev', norm: (v, c) => c.ifname(v) },
      { ours: 'absent', theirs: 'alsoAbsent' },
    ], { a: 1, c: 2, dev: 3 }, { a: 1, b: 5, c: 3, dev: 've0' }, ctx, 'w');
    expect(found.map((f) => [f.path, f.what])).toEqual([
      ['b', 'iproute2 has 5, nlkit has nothing (b)'],
      ['c', 'iproute2 has 3, nlkit has 2'],
    ]);
  });
  it('takes counters that grew and values within tolerance, not ones that shrank', () => {
    const fields = [{ ours: 'n', theirs: 'n', counter: true }, { ours: 'l', theirs: 'l', tolerance: 10 }];
    expect(compareFields(fields, { n: 5n, l: 100 }, { n: 7, l: 95 }, ctx, 'w')).toEqual([]);
    expect(compareFields(fields, { n: 9, l: 100 }, { n: 7, l: 80 }, ctx, 'w').map((f) => f.path)).toEqual(['n', 'l']);
  });
});

describe('tagged JSON', () => {
  it('brings bigints, bytes and key order back exactly', () => {
    const v = { z: 1n << 63n, a: Uint8Array.of(0, 255), m: [{ b: 'x', a: -1 }] };
    const back = fromJson(JSON.parse(JSON.stringify(toJson(v))));
    expect(back).toEqual(v);
    expect(Object.keys(back as object)).toEqual(['z', 'a', 'm']);
  });
});

describe('tc handles', () => {
  it('reads and prints them as tc does', () => {
    expect(parseHandle('1:10')).toBe(0x10010);
    expect(parseHandle('ffff:fff2')).toBe(0xfffffff2);
    expect(handleText(0x10000)).toBe('1:');
    expect(handleText(0xffffffff)).toBe('root');
  });
  it('finds the filter parents of clsact, ingress and qdiscs with a handle', () => {
    const parents = filterParents([
      { kind: 'clsact', handle: 'ffff:', dev: 've1' },
      { kind: 'ingress', handle: 'ffff:', dev: 'vb1' },
      { kind: 'htb', handle: '1:', dev: 've0', root: true },
      { kind: 'noqueue', handle: '0:', dev: 'lo', root: true },
    ], (d) => ({ ve0: 3, ve1: 2, vb1: 4 } as Record<string, number>)[d]!);
    expect(parents.map((p) => [p.ifname, handleText(p.parent)])).toEqual([['ve1', 'ffff:fff2'], ['ve1', 'ffff:fff3'], ['vb1', 'ffff:fff1'], ['ve0', '1:']]);
  });
});

describe('roundTrip', () => {
  it('passes a captured message re-encoded as is, and catches one whose decoded value changed', async () => {
    const { readGoldens, decodeCaptured, roundTrip } = await import('../src/index.js');
    const g = readGoldens().find((x) => x.name === 'rule')!;
    const bytes = Uint8Array.from(Buffer.from(g.messages[0]!.hex, 'hex'));
    const decoded = decodeCaptured(g.family, g.op, bytes) as Record<string, any>;
    expect(roundTrip(g, decoded, bytes, 'rule #0')).toEqual([]);
    const changed = { ...decoded, priority: (decoded.priority ?? 0) + 1 };
    const found = roundTrip(g, changed, bytes, 'rule #0');
    expect(found).toHaveLength(1);
    expect(found[0]!.what).toMatch(/re-encodes to other bytes/);
  });
});
