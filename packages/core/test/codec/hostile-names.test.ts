/**
 * Schema text never becomes code: a family whose names hold quotes, backticks, comment
 * terminators, `__proto__`, template holes and newlines decodes and encodes the same with the
 * compiled decoders as with the interpreted ones, and the names come back only as data.
 */
import { describe, expect, it } from 'vitest';
import type { AttrIR, FamilyIR } from '@nlkit/ir';
import { memberName } from '@nlkit/ir';
import { DecodeError, FamilyRuntime } from '../core.js';
import { outcome } from './outcome.js';
import { COMPILE_AFTER } from '../../src/codec/decode.js';

const EVIL = [
  'quote"d', "single'q", 'back`tick', '*/ end', '${globalThis.pwned = 1}', '__proto__', 'new\nline',
  'para\u2028sep', 'constructor', 'x); globalThis.pwned = 2; (', '\\', 'toString',
];

const a = (value: number, name: string, type: AttrIR['type'], extra: Partial<AttrIR> = {}): AttrIR => ({ name, value, type, ...extra });

/** One attribute of every inlined kind per hostile name, a nest, a sub-message chosen by a hostile selector. */
function hostileFamily(): FamilyIR {
  const kinds: AttrIR['type'][] = ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 'string'];
  const attrs: AttrIR[] = [];
  let v = 1;
  EVIL.forEach((name, i) => {
    attrs.push(a(v++, `${name} ${kinds[i % kinds.length]}`, kinds[i % kinds.length]!, i % 3 === 0 ? { byteOrder: 'big-endian' } : {}));
  });
  attrs.push(a(v++, 'sel"`*/', 'u8', { enum: 'evil`enum' }));
  attrs.push(a(v++, 'inner */ nest', 'nest', { nestedAttributes: 'inner"set' }));
  attrs.push(a(v++, 'sub`msg', 'sub-message', { subMessage: 'evil"sub', selector: 'sel"`*/' }));
  attrs.push(a(v++, 'multi\nattr', 'u32', { multiAttr: true, enum: 'evil`flags', enumAsFlags: false }));
  return {
    irVersion: 2,
    name: 'evil`family',
    protocol: 'netlink-raw',
    protonum: 0,
    consts: [],
    enums: [
      { name: 'evil`enum', kind: 'enum', entries: EVIL.map((name, value) => ({ name, value })) },
      { name: 'evil`flags', kind: 'flags', entries: EVIL.slice(0, 8).map((name, i) => ({ name, value: 1 << i })) },
    ],
    structs: [{
      name: 'hdr"*/',
      size: 12,
      members: [
        { name: EVIL[0]!, type: 'u8', offset: 0, size: 1, enum: 'evil`enum' },
        { name: EVIL[2]!, type: 's8', offset: 1, size: 1 },
        { name: EVIL[4]!, type: 'u16', offset: 2, size: 2, byteOrder: 'big-endian' },
        { name: EVIL[6]!, type: 'u32', offset: 4, size: 4, enum: 'evil`flags' },
        { name: EVIL[8]!, type: 's32', offset: 8, size: 4 },
      ],
    }],
    attributeSets: [
      { name: 'evil"set', attrs },
      { name: 'inner"set', attrs: [a(1, EVIL[3]!, 'u32'), a(2, EVIL[5]!, 'string'), a(3, EVIL[9]!, 's16')] },
    ],
    subMessages: [{ name: 'evil"sub', formats: [{ value: EVIL[1]!, attributeSet: 'inner"set' }, { value: EVIL[2]!, fixedHeader: 'hdr"*/' }] }],
    operations: [{
      name: 'get`evil',
      requestValue: 40,
      replyValue: 40,
      attributeSet: 'evil"set',
      fixedHeader: 'hdr"*/',
      do: { request: { attributes: attrs.map((x) => x.name) }, reply: { attributes: attrs.map((x) => x.name) } },
    }],
  } as FamilyIR;
}

describe('hostile schema names', () => {
  const ir = hostileFamily();
  const compiled = new FamilyRuntime(ir, { compileAfter: 0 });
  const interpreted = new FamilyRuntime(ir, { compile: false });
  const key = (name: string) => memberName(name);

  const value = (sel: number): Record<string, unknown> => {
    const set = ir.attributeSets[0]!;
    const out: Record<string, unknown> = {
      header: { [key(EVIL[0]!)]: EVIL[3], [key(EVIL[2]!)]: -5, [key(EVIL[4]!)]: 0x1234, [key(EVIL[6]!)]: [EVIL[0], EVIL[7]], [key(EVIL[8]!)]: -70000 },
    };
    set.attrs.slice(0, EVIL.length).forEach((x, i) => {
      out[key(x.name)] = x.type === 'string' ? EVIL[i] : x.type === 'u64' ? 1n << 40n : x.type.startsWith('s') ? -(i + 1) : i + 1;
    });
    out[key('sel"`*/')] = EVIL[sel];
    out[key('inner */ nest')] = { [key(EVIL[3]!)]: 7, [key(EVIL[5]!)]: EVIL[6], [key(EVIL[9]!)]: -2 };
    out[key('sub`msg')] = sel === 1 ? { [key(EVIL[3]!)]: 9, [key(EVIL[5]!)]: EVIL[4] } : { [key(EVIL[0]!)]: EVIL[1], [key(EVIL[2]!)]: 0, [key(EVIL[4]!)]: 0, [key(EVIL[6]!)]: [], [key(EVIL[8]!)]: 3 };
    out[key('multi\nattr')] = [[EVIL[1]], [EVIL[2], EVIL[3]], [5 << 8]];
    return out;
  };

  it('compiled and interpreted decoders agree, and the names come back as data', () => {
    delete (globalThis as { pwned?: unknown }).pwned;
    for (const sel of [1, 2]) {
      const v = value(sel);
      const bytes = compiled.encodeRequestBytes('get`evil', 'do', v);
      expect(Buffer.from(interpreted.encodeRequestBytes('get`evil', 'do', v)).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
      const c = outcome(() => compiled.decodeMessageBytes('get`evil', bytes));
      expect(c).toBe(outcome(() => interpreted.decodeMessageBytes('get`evil', bytes)));
      const decoded = compiled.decodeMessageBytes('get`evil', bytes);
      expect(decoded).toEqual(v);
      expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(decoded.header)).toBe(Object.prototype);
      // Re-encoding the decoded value gives the same bytes.
      expect(Buffer.from(compiled.encodeRequestBytes('get`evil', 'do', decoded)).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
      // Every truncation: the same value or the same DecodeError (message, offset, path).
      for (let cut = 16; cut < bytes.length; cut += 3) {
        const t = bytes.slice(0, cut);
        new DataView(t.buffer).setUint32(0, cut, true);
        expect(outcome(() => compiled.decodeMessageBytes('get`evil', t))).toBe(outcome(() => interpreted.decodeMessageBytes('get`evil', t)));
      }
    }
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    // Both paths really ran: generated code on one side, the loop on the other.
    expect([compiled.decoder.isCompiled('evil"set'), compiled.decoder.isCompiled('inner"set')]).toEqual([true, true]);
    expect([interpreted.decoder.isCompiled('evil"set'), interpreted.decoder.isCompiled('inner"set')]).toEqual([false, false]);
  });

  it('by default a set is interpreted for its first decodes, then compiled, with the same values throughout', () => {
    const tiered = new FamilyRuntime(ir);
    const bytes = compiled.encodeRequestBytes('get`evil', 'do', value(1));
    const expected = outcome(() => interpreted.decodeMessageBytes('get`evil', bytes));
    const seen: boolean[] = [];
    for (let i = 0; i < COMPILE_AFTER + 8; i++) {
      expect(outcome(() => tiered.decodeMessageBytes('get`evil', bytes))).toBe(expected);
      seen.push(tiered.decoder.isCompiled('evil"set'));
    }
    expect(seen[0]).toBe(false);
    expect(seen.at(-1)).toBe(true);
  });

  it('a DecodeError inside a hostile-named attribute carries the raw name on its path', () => {
    const bytes = compiled.encodeRequestBytes('get`evil', 'do', value(1));
    // Shorten the first attribute after the 12-byte header (u8, len 5) to a 4-byte header-only attribute.
    const at = 16 + 12;
    bytes[at] = 4;
    const errs = [compiled, interpreted].map((rt) => {
      try {
        rt.decodeMessageBytes('get`evil', bytes);
        return undefined;
      } catch (err) {
        return err as DecodeError;
      }
    });
    expect(errs[0]).toBeInstanceOf(DecodeError);
    expect(errs[0]!.path).toEqual([`${EVIL[0]} u8`]);
    expect(outcome(() => compiled.decodeMessageBytes('get`evil', bytes))).toBe(outcome(() => interpreted.decodeMessageBytes('get`evil', bytes)));
  });
});
