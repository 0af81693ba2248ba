/**
 * Limits the encoder and decoder share: one nesting depth, the 64 KiB attribute, capped echoes
 * of bad values, the attributes an operation takes, and names that collide with Object's own.
 */
import { describe, it, expect } from 'vitest';
import type { AttrIR, FamilyIR } from '@nlkit/ir';
import { defineFamily, DecodeError, ValidationError, MessageBuilder, NLA_F_NESTED } from '../core.js';
import { MAX_ATTR_LEN, MAX_NEST_DEPTH, capText, shown } from '../../src/wire/limits.js';
import { nlmsg } from './helpers.js';

const a = (value: number, name: string, type: AttrIR['type'], extra: Partial<AttrIR> = {}): AttrIR => ({ name, value, type, ...extra });
const takes = (...attributes: string[]) => ({ request: { attributes }, reply: { attributes } });

/** A family whose sets nest into themselves, so any depth can be asked for. */
const TREE: FamilyIR = {
  irVersion: 2,
  name: 'tree',
  protocol: 'netlink-raw',
  protonum: 31,
  consts: [],
  enums: [{ name: 'color', kind: 'enum', entries: [{ name: 'red', value: 0 }, { name: 'constructor', value: 1 }] }],
  structs: [
    { name: 'hdr', size: 4, members: [{ name: 'constructor', type: 'u16', offset: 0, size: 2 }, { name: 'to-string', type: 'u16', offset: 2, size: 2 }] },
  ],
  attributeSets: [
    {
      name: 'node',
      attrs: [
        a(1, 'v', 'u32'),
        a(2, 'child', 'nest', { nestedAttributes: 'node' }),
        a(3, 'kids', 'indexed-array', { subType: 'nest', nestedAttributes: 'node' }),
        a(4, 'name', 'string'),
        a(5, 'blob', 'binary'),
        a(6, 'many', 'nest', { nestedAttributes: 'many' }),
        a(7, 'color', 'u8', { enum: 'color' }),
        a(8, 'big', 'u32'),
      ],
    },
    { name: 'many', attrs: [a(1, 'item', 'binary', { multiAttr: true })] },
    {
      name: 'odd',
      attrs: [a(1, 'constructor', 'u32'), a(2, '__proto__', 'u32'), a(3, 'to-string', 'string'), a(4, 'sel', 'sub-message', { subMessage: 'sm', selector: 'constructor' })],
    },
    { name: 'sm-one', attrs: [a(1, 'x', 'u32')] },
  ],
  subMessages: [{ name: 'sm', formats: [{ value: '1', attributeSet: 'sm-one' }] }],
  operations: [
    { name: 'get', requestValue: 16, replyValue: 16, attributeSet: 'node', do: takes('v', 'child', 'kids', 'name', 'blob', 'many', 'color', 'big'), dump: { request: { attributes: ['v'] } } },
    { name: 'small', requestValue: 17, replyValue: 17, attributeSet: 'node', fixedHeader: 'hdr', do: takes('v'), dump: {} },
    { name: 'odd', requestValue: 18, replyValue: 18, attributeSet: 'odd', fixedHeader: 'hdr', do: takes('constructor', '__proto__', 'to-string', 'sel') },
  ],
  mcastGroups: [],
};

const rt = defineFamily(TREE);

function refused(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

/** { v: 1, child: { v: 1, child: ... } } with `levels` nests below the top. */
function chain(levels: number): Record<string, unknown> {
  const top: Record<string, unknown> = { v: 1 };
  let at = top;
  for (let i = 0; i < levels; i++) {
    const next: Record<string, unknown> = { v: i };
    at.child = next;
    at = next;
  }
  return top;
}

/** The same shape built by hand, without the encoder: `levels` nests of type 2, then a u32. */
function chainBytes(levels: number): Uint8Array {
  const b = new MessageBuilder();
  const opens: number[] = [];
  for (let i = 0; i < levels; i++) opens.push(b.beginAttr(2 | NLA_F_NESTED));
  b.attr(1, Uint8Array.of(1, 0, 0, 0));
  for (const at of opens.reverse()) b.endAttr(at);
  return nlmsg(16, 0, 1, b.finish());
}

describe('one nesting limit for the encoder and the decoder', () => {
  it('the deepest object the encoder takes decodes; one level more is refused by both', () => {
    const deepest = rt.encodeRequestBytes('get', 'do', chain(MAX_NEST_DEPTH));
    const back = rt.decodeMessageBytes('get', deepest);
    let depth = 0;
    for (let o = back as Record<string, unknown>; o.child; o = o.child as Record<string, unknown>) depth++;
    expect(depth).toBe(MAX_NEST_DEPTH);

    const e = refused(() => rt.encodeRequestBytes('get', 'do', chain(MAX_NEST_DEPTH + 1)));
    expect(e.reason).toMatch(new RegExp(`nested deeper than ${MAX_NEST_DEPTH} levels`));
    expect(e.path).toEqual(Array(MAX_NEST_DEPTH + 1).fill('child'));
    expect(() => rt.decodeMessageBytes('get', chainBytes(MAX_NEST_DEPTH + 1))).toThrow(DecodeError);
    expect(() => rt.decodeMessageBytes('get', chainBytes(MAX_NEST_DEPTH))).not.toThrow();
  });

  it('indexed arrays of nests count one level per element nest, on both sides', () => {
    const arr = (levels: number): Record<string, unknown> => (levels === 0 ? { v: 1 } : { kids: [arr(levels - 1)] });
    const ok = rt.encodeRequestBytes('get', 'do', arr(MAX_NEST_DEPTH));
    expect(() => rt.decodeMessageBytes('get', ok)).not.toThrow();
    refused(() => rt.encodeRequestBytes('get', 'do', arr(MAX_NEST_DEPTH + 1)));
  });

  it('a cyclic object is a ValidationError with a bounded path, not a stack overflow', () => {
    const loop: Record<string, unknown> = { v: 1 };
    loop.child = loop;
    const e = refused(() => rt.encodeRequest('get', 'do', loop));
    expect(e.path.length).toBe(MAX_NEST_DEPTH + 1);
    const viaArray: Record<string, unknown> = { v: 1 };
    viaArray.kids = [viaArray];
    expect(refused(() => rt.encodeRequest('get', 'do', viaArray)).path.length).toBeLessThanOrEqual(2 * (MAX_NEST_DEPTH + 1));
  });

  it('a 2,000-deep object is a ValidationError', () => {
    const e = refused(() => rt.encodeRequest('get', 'do', chain(2000)));
    expect(e.message.length).toBeLessThan(1000);
  });
});

describe('the 64 KiB attribute limit', () => {
  it('a value that does not fit nla_len names its path and the limit', () => {
    const e = refused(() => rt.encodeRequest('get', 'do', { name: 'a'.repeat(1 << 20) }));
    expect(e.path).toEqual(['name']);
    expect(e.reason).toMatch(new RegExp(`${(1 << 20) + 5} bytes exceeds the ${MAX_ATTR_LEN}-byte netlink attribute limit`));
    expect(refused(() => rt.encodeRequest('get', 'do', { blob: new Uint8Array(MAX_ATTR_LEN) })).path).toEqual(['blob']);
    // The largest that fits is fine.
    expect(() => rt.encodeRequest('get', 'do', { blob: new Uint8Array(MAX_ATTR_LEN - 4) })).not.toThrow();
  });

  it('a nest that outgrows the limit names the nest', () => {
    const items = Array.from({ length: 40 }, () => new Uint8Array(2000));
    const e = refused(() => rt.encodeRequest('get', 'do', { many: { item: items } }));
    expect(e.path).toEqual(['many']);
    expect(e.reason).toMatch(/exceeds the 65535-byte/);
  });
});

describe('error messages cap the values they echo', () => {
  it('capText and shown cut at 64 characters and give the length', () => {
    expect(capText('x'.repeat(64))).toBe('x'.repeat(64));
    expect(capText('x'.repeat(100))).toBe(`${'x'.repeat(64)}… (100 chars)`);
    expect(shown('y'.repeat(1000))).toBe(`"${'y'.repeat(64)}…" (1000 chars)`);
    expect(shown(1n << 1000n)).toBe('a 1004-bit integer');
  });

  it('a huge enum name, key, string or number is echoed in at most a few hundred characters', () => {
    const huge = 'z'.repeat(1 << 20);
    for (const [value, path] of [
      [{ color: huge }, ['color']],
      [{ [huge]: 1 }, [`${'z'.repeat(64)}… (1048576 chars)`]],
      [{ v: huge }, ['v']],
      [{ v: 10n ** 5000n }, ['v']],
      [{ v: 1.5e300 }, ['v']],
    ] as const) {
      const e = refused(() => rt.encodeRequest('get', 'do', value));
      expect(e.path).toEqual(path);
      expect(e.message.length).toBeLessThan(400);
    }
    expect(refused(() => rt.encodeRequest('get', 'do', { color: huge })).reason).toContain('(1048576 chars)');
  });
});

describe('requests carry only the attributes their operation takes', () => {
  it('refuses others by name and lists the ones it takes', () => {
    const e = refused(() => rt.encodeRequest('small', 'do', { v: 1, name: 'x' }));
    expect(e.path).toEqual(['name']);
    expect(e.reason).toBe('small (do) does not take this attribute; it takes header, v');
    expect(refused(() => rt.encodeRequest('get', 'dump', { child: {} })).reason).toMatch(/get \(dump\) does not take this attribute; it takes v$/);
    expect(refused(() => rt.encodeRequest('small', 'dump', { v: 1 })).reason).toMatch(/takes header$/);
    expect(() => rt.encodeRequest('small', 'do', { header: { toString: 1 }, v: 2 })).not.toThrow();
    // Undefined values are not sent, so they are not refused.
    expect(() => rt.encodeRequest('small', 'do', { v: 2, name: undefined })).not.toThrow();
  });

  it('replies and notifications are not restricted (a server may send any attribute)', () => {
    expect(() => rt.encodeReply('small', { v: 1, name: 'x' })).not.toThrow();
  });

  it('raw $unknown attributes still go out, with their type checked against 14 bits', () => {
    expect(() => rt.encodeRequest('small', 'do', { $unknown: [{ type: 99, data: new Uint8Array(1) }] })).not.toThrow();
    expect(refused(() => rt.encodeRequest('small', 'do', { $unknown: [{ type: 70000, data: new Uint8Array(1) }] })).path).toEqual(['$unknown', '0', 'type']);
  });
});

describe('names that are also Object.prototype properties', () => {
  it('__proto__, constructor and toString from JSON are unknown attributes, not crashes', () => {
    for (const text of ['{"__proto__": 1}', '{"constructor": 1}', '{"toString": 1}', '{"hasOwnProperty": 1}']) {
      const e = refused(() => rt.encodeRequest('get', 'do', JSON.parse(text)));
      expect(e.path).toEqual([Object.keys(JSON.parse(text))[0]]);
    }
    expect(refused(() => rt.encodeRequest('small', 'do', JSON.parse('{"header": {"__proto__": 1}}'))).path).toEqual(['header', '__proto__']);
  });

  it('attributes, members, selectors and enum entries called constructor or __proto__ work', () => {
    // The struct member `constructor` left out is zero, not Object's constructor function.
    const value = { header: { toString: 7 }, constructor: 1, proto: 2, toString: 'hi', sel: { x: 3 } };
    const bytes = rt.encodeRequestBytes('odd', 'do', value);
    const back = rt.decodeMessageBytes('odd', bytes);
    expect(back).toEqual({ header: { constructor: 0, toString: 7 }, constructor: 1, proto: 2, toString: 'hi', sel: { x: 3 } });
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    // Without its selector, the sub-message is refused (the selector is not found on Object).
    expect(refused(() => rt.encodeRequest('odd', 'do', { sel: { x: 3 } })).reason).toMatch(/needs "constructor"/);
    expect(rt.decodeMessageBytes('get', rt.encodeRequestBytes('get', 'do', { color: 'constructor' }))).toEqual({ color: 'constructor' });
  });
});

describe('selector and operation names are echoed capped too', () => {
  it('a huge sub-message selector value', () => {
    const e = refused(() => rt.encodeRequest('odd', 'do', { constructor: 2, sel: { x: 1 } }));
    expect(e.reason).toMatch(/^no format for constructor 2 \(known: 1\)/);
  });

  it('an unknown operation name', () => {
    expect(() => rt.encodeRequest('q'.repeat(100_000), 'do', {})).toThrow(/unknown operation "q{64}… \(100000 chars\)"$/);
  });
});
