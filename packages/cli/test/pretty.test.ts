/** The pretty view: header members in line, nexthop-like records one per line, flags and enums by name. */
import { describe, expect, it } from 'vitest';
import { prettyLines, palette } from '../src/output/pretty.js';
import { PassThrough } from 'node:stream';

const plain = palette(new PassThrough());
const show = (v: unknown) => prettyLines(v, plain).join('\n');

describe('pretty output', () => {
  it('shows a message with its header members in line, enum names and flag lists as names', () => {
    const text = show({ header: { rtmFamily: 'inet', rtmDstLen: 24, rtmScope: 'universe', rtmFlags: ['onlink', 16] }, dst: '10.9.0.0', table: 'main' });
    expect(text.split('\n')).toEqual([
      'rtmFamily  inet',
      'rtmDstLen  24',
      'rtmScope   universe',
      'rtmFlags   onlink, 0x10',
      'dst        10.9.0.0',
      'table      main',
    ]);
  });

  it('shows nexthops one per line, header members first, empty flag lists left out', () => {
    const text = show({
      dst: '10.10.0.0',
      multipath: [
        { header: { rtnhFlags: [], rtnhHops: 0, rtnhIfindex: 3 }, gateway: '10.9.0.2' },
        { header: { rtnhFlags: ['onlink'], rtnhHops: 1, rtnhIfindex: 4 }, gateway: '10.9.1.2' },
      ],
    });
    expect(text.split('\n')).toEqual([
      'dst  10.10.0.0',
      'multipath',
      '  [0] rtnhHops 0  rtnhIfindex 3  gateway 10.9.0.2',
      '  [1] rtnhFlags onlink  rtnhHops 1  rtnhIfindex 4  gateway 10.9.1.2',
    ]);
  });

  it('a header member with an attribute of the same name keeps its prefix; big records stay blocks', () => {
    expect(show({ header: { family: 'inet', table: 0 }, table: 1000 }).split('\n')).toEqual(['family        inet', 'header.table  0', 'table         1000']);
    const big = show({ list: [{ a: 1, nested: { b: 2 } }] });
    expect(big.split('\n')).toEqual(['list', '  [0]', '    a  1', '    nested', '      b  2']);
    expect(show({ flags: [] })).toBe('flags  (none)');
  });
});
