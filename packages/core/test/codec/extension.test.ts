/**
 * nlkit's schema extension in the codec (schemas/EXTENSIONS.md), on a small family that uses
 * every key (fixtures/extension.yaml): known bytes decode to the documented values, the
 * values encode back to the same bytes, compiled and interpreted decoders agree, and hostile
 * bytes give a DecodeError with a path.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { DecodeError, FamilyRuntime, NLMSG_HDRLEN, ValidationError, writeHeader } from '../core.js';
import { outcome } from './outcome.js';
import { Rng, mutate, thrown } from '@nlkit/testkit';

const ir = loadSchemaFileSync(fileURLToPath(new URL('./fixtures/extension.yaml', import.meta.url)));
const compiled = new FamilyRuntime(ir, { compileAfter: 0 });
const interpreted = new FamilyRuntime(ir, { compile: false });

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A reply message (type 2) with fixed header family `fam` and the given attribute bytes. */
function msg(fam: number, attrs: string): Uint8Array {
  const body = hex(`${fam.toString(16).padStart(2, '0')}000000 ${attrs}`);
  const out = new Uint8Array(NLMSG_HDRLEN + body.length);
  writeHeader(out, 0, { length: out.length, type: 2, flags: 0, seq: 0, portId: 0 });
  out.set(body, NLMSG_HDRLEN);
  return out;
}

/** Decodes with both decoders (they must agree) and checks the value re-encodes to the same bytes. */
function roundTrip(bytes: Uint8Array): Record<string, unknown> {
  const a = compiled.decodeMessageBytes('get', bytes);
  expect(outcome(() => interpreted.decodeMessageBytes('get', bytes))).toBe(outcome(() => a));
  expect(toHex(compiled.encodeReply('get', a).body!)).toBe(toHex(bytes.subarray(NLMSG_HDRLEN)));
  return a;
}

const encodeErr = (value: unknown) => thrown(() => compiled.encodeReply('get', value), ValidationError);

function decodeErr(bytes: Uint8Array): DecodeError {
  let first: DecodeError | undefined;
  for (const rt of [compiled, interpreted]) {
    try {
      rt.decodeMessageBytes('get', bytes);
    } catch (err) {
      expect(err).toBeInstanceOf(DecodeError);
      if (first) expect((err as DecodeError).message).toBe(first.message);
      first ??= err as DecodeError;
      continue;
    }
    throw new Error('expected a DecodeError');
  }
  return first!;
}

// Label 300, bottom of stack: 0x0012c100 big-endian.
const LABEL_300 = '0012c100';

describe('nlkit-select', () => {
  it('reads dst as declared (an address) unless the header member selects a case', () => {
    expect(roundTrip(msg(2, '08000100 0a000001')).dst).toBe('10.0.0.1');
    const v = roundTrip(msg(28, `0c000100 00064000 ${LABEL_300}`));
    expect(v.dst).toEqual([{ label: 100, tc: 0, bos: 0 }, { label: 300, tc: 0, bos: 1 }]);
  });

  it('a value with no case reads the attribute as declared', () => {
    expect(roundTrip(msg(10, '08000100 0a000001')).dst).toBe('10.0.0.1');
  });

  it('encodes from the selector as an enum name or a number', () => {
    const dst = [{ label: 300, bos: 1 }];
    const byName = compiled.encodeReply('get', { header: { fam: 'mpls' }, dst }).body!;
    const byNumber = compiled.encodeReply('get', { header: { fam: 28 }, dst }).body!;
    expect(toHex(byName)).toBe(`1c000000 08000100 ${LABEL_300}`.replace(/\s/g, ''));
    expect(toHex(byNumber)).toBe(toHex(byName));
  });

  it('an attribute selector that comes later in the set still selects (and an attribute wins)', () => {
    // data (7) before kind (8) = "word": a u32.
    const v = roundTrip(msg(2, '08000700 2a000000 09000800 776f7264 00000000'));
    expect(v.data).toBe(42);
    expect(Object.keys(v)).toEqual(['header', 'data', 'kind']);
    // kind = "nested": data is a nest of path-attrs, whose gw selects by the header's fam.
    const n = roundTrip(msg(28, `0c000780 08000100 ${LABEL_300} 0b000800 6e657374 65640000`));
    expect(n.data).toEqual({ gw: [{ label: 300, tc: 0, bos: 1 }] });
  });

  it('an unknown selector value leaves the declared reading (bytes)', () => {
    const v = roundTrip(msg(2, '06000700 abcd0000 06000800 7a000000'));
    expect(v.data).toEqual(hex('abcd'));
  });

  it('a YNL sub-message may be keyed by a fixed-header member too (name or number when encoding)', () => {
    const inet = roundTrip(msg(2, '0c000b00 05000200 07000000'));
    expect(inet.opts).toEqual({ weight: 7 });
    const mpls = roundTrip(msg(28, `08000b00 ${LABEL_300}`));
    expect(mpls.opts).toEqual({ label: 300, tc: 0, bos: 1 });
    const byNumber = compiled.encodeReply('get', { header: { fam: 2 }, opts: { weight: 7 } }).body!;
    expect(toHex(byNumber)).toBe('02000000 0c000b00 05000200 07000000'.replace(/\s/g, ''));
  });

  it('encoding a case with the wrong shape is a ValidationError with the path', () => {
    const err = encodeErr({ header: { fam: 'mpls' }, dst: '10.0.0.1' });
    expect(err.path).toEqual(['dst']);
  });
});

describe('nlkit-records', () => {
  // Two records: ifindex 2 weight-1 0, gw 10.0.0.2; ifindex 3 hops 1, flags 4, gw 10.0.0.3, weight 7.
  const PATHS = '2c000300 1000 00 00 02000000 08000100 0a000002  1800 04 01 03000000 08000100 0a000003 05000200 07000000';

  it('decodes each record as { header, ...attributes } without the length member', () => {
    const v = roundTrip(msg(2, PATHS));
    expect(v.paths).toEqual([
      { header: { flags: 0, hops: 0, ifindex: 2 }, gw: '10.0.0.2' },
      { header: { flags: 4, hops: 1, ifindex: 3 }, gw: '10.0.0.3', weight: 7 },
    ]);
  });

  it('record attributes see the message header for their selectors', () => {
    const v = roundTrip(msg(28, `14000300 1000 00 00 02000000 08000100 ${LABEL_300}`));
    expect(v.paths).toEqual([{ header: { flags: 0, hops: 0, ifindex: 2 }, gw: [{ label: 300, tc: 0, bos: 1 }] }]);
  });

  it('encodes from a list, writing each length', () => {
    const body = compiled.encodeReply('get', {
      header: { fam: 'inet' },
      paths: [{ header: { ifindex: 2 }, gw: '10.0.0.2' }, { header: { ifindex: 3, hops: 1, flags: 4 }, gw: '10.0.0.3', weight: 7 }],
    }).body!;
    expect(toHex(body)).toBe(`02000000 ${PATHS}`.replace(/\s/g, ''));
  });

  it('the length member is not given: the encoder writes it', () => {
    expect(encodeErr({ header: { fam: 2 }, paths: [{ header: { len: 8, ifindex: 2 } }] }).path).toEqual(['paths', '0', 'header', 'len']);
    expect(encodeErr({ header: { fam: 2 }, paths: [{ header: { ifindex: 2 }, bogus: 1 }] }).path).toEqual(['paths', '0', 'bogus']);
    expect(encodeErr({ header: { fam: 2 }, paths: { header: {} } }).path).toEqual(['paths']);
  });

  it('a record length past the end, below the header, or a cut header is a DecodeError naming the record', () => {
    expect(decodeErr(msg(2, '1c000300 08000000 02000000 40000000 03000000 00000000 00000000')).path).toEqual(['paths', '1']);
    expect(decodeErr(msg(2, '10000300 04000000 02000000 00000000')).path).toEqual(['paths', '0']);
    expect(decodeErr(msg(2, '0e000300 08000000 02000000 0800 0000')).path).toEqual(['paths', '1']);
    expect(decodeErr(msg(2, '0c000300 ffff0000 02000000')).message).toMatch(/record 0: length 65535 does not fit/);
  });
});

describe('nlkit-flexible', () => {
  it('a plain binary flexible member takes the rest of the payload', () => {
    const v = roundTrip(msg(28, '0a000200 0200 0a000001 0000'));
    expect(v.via).toEqual({ family: 'inet', addr: hex('0a000001') });
  });

  it('with a count, exactly that many elements; bytes left over go to $tail', () => {
    const v = roundTrip(msg(2, '18000400 01 02 0000 000000ff 00000001 0000ff00 00000002 ; '.replace(' ; ', '')));
    expect(v.sel).toEqual({ flags: 1, nkeys: 2, keys: [{ mask: 0xff, val: 1 }, { mask: 0xff00, val: 2 }] });
    const t = roundTrip(msg(2, '12000400 01 01 0000 000000ff 00000001 abcd 0000'));
    expect(t.sel).toEqual({ flags: 1, nkeys: 1, keys: [{ mask: 0xff, val: 1 }], $tail: hex('abcd') });
  });

  it('without a count, whole elements; a partial one goes to $tail', () => {
    const v = roundTrip(msg(2, '0b000900 0100 0200 0300 04 00'));
    expect(v.words).toEqual({ first: 1, rest: [2, 3], $tail: hex('04') });
  });

  it('the count member is written from the array, and a count that disagrees is refused', () => {
    const body = compiled.encodeReply('get', { header: { fam: 2 }, sel: { flags: 1, keys: [{ mask: 0xff, val: 1 }] } }).body!;
    expect(toHex(body)).toBe('02000000 10000400 01010000 000000ff 00000001'.replace(/\s/g, ''));
    const err = encodeErr({ header: { fam: 2 }, sel: { nkeys: 3, keys: [{ mask: 1, val: 1 }] } });
    expect(err.path).toEqual(['sel', 'nkeys']);
    expect(encodeErr({ header: { fam: 2 }, words: { first: 1, rest: [70000] } }).path).toEqual(['words', 'rest', '0']);
  });

  it('a count past the end is a DecodeError with the path', () => {
    const err = decodeErr(msg(2, '10000400 01 05 0000 000000ff 00000001'));
    expect(err.path).toEqual(['sel', 'keys']);
    expect(err.message).toMatch(/nkeys says 5 elements/);
  });
});

describe('nlkit-fields', () => {
  it('bits outside every mask decode as <member>$rest and encode back', () => {
    const v = roundTrip(msg(28, '08000100 0012c1ff'));
    expect(v.dst).toEqual([{ label: 300, tc: 0, bos: 1, entry$rest: 0xff }]);
  });

  it('a field that does not fit its mask is a ValidationError naming it', () => {
    expect(encodeErr({ header: { fam: 'mpls' }, dst: [{ label: 1 << 20 }] }).path).toEqual(['dst', '0', 'label']);
    expect(encodeErr({ header: { fam: 'mpls' }, dst: [{ label: 1, entry$rest: 0x100 }] }).path).toEqual(['dst', '0', 'entry$rest']);
  });
});

describe('never drop bytes', () => {
  it('a repeated attribute that is not multi-attr: the first stays, the others go to $unknown, and re-encode', () => {
    const v = roundTrip(msg(2, '08000600 01000000 08000600 02000000 08000a00 03000000 08000a00 04000000'));
    expect(v.num).toBe(1);
    expect(v.$unknown).toEqual([{ type: 6, data: hex('02000000') }]);
    expect(v.many).toEqual([3, 4]);
  });

  it('a struct carried by an attribute keeps the bytes past it as $tail', () => {
    const v = roundTrip(msg(2, '0a000500 07000000 0809 0000'));
    expect(v.small).toEqual({ a: 7, $tail: hex('0809') });
    expect(encodeErr({ header: { fam: 2, $tail: hex('00') } }).path).toEqual(['header', '$tail']);
  });
});

describe('hostile bytes', () => {
  it('mutated messages of every key decode to a value or a DecodeError, compiled = interpreted, and values re-encode', () => {
    const seeds = [
      msg(28, `0c000100 00064000 ${LABEL_300}`),
      msg(28, `14000300 1000 00 00 02000000 08000100 ${LABEL_300}`),
      msg(2, '2c000300 1000 00 00 02000000 08000100 0a000002  1800 04 01 03000000 08000100 0a000003 05000200 07000000'),
      msg(2, '18000400 01 02 0000 000000ff 00000001 0000ff00 00000002'),
      msg(28, '0a000200 0200 0a000001 0000'),
      msg(2, '08000700 2a000000 09000800 776f7264 00000000'),
      msg(28, `0c000780 08000100 ${LABEL_300} 0b000800 6e657374 65640000`),
      msg(2, '0b000900 0100 0200 0300 04 00  0a000500 07000000 0809 0000'),
    ];
    const rng = new Rng(0xe47);
    let decoded = 0;
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const input = mutate(rng, seeds[i % seeds.length]!);
      const a = outcome(() => compiled.decodeMessageBytes('get', input));
      expect(outcome(() => interpreted.decodeMessageBytes('get', input)), Buffer.from(input).toString('hex')).toBe(a);
      let v: Record<string, unknown>;
      try {
        v = compiled.decodeMessageBytes('get', input);
      } catch (err) {
        expect(err, Buffer.from(input).toString('hex')).toBeInstanceOf(DecodeError);
        errors++;
        continue;
      }
      decoded++;
      // Whatever decodes encodes again, and decodes to the same value.
      const again = compiled.encodeReply('get', v).body!;
      const full = new Uint8Array(NLMSG_HDRLEN + again.length);
      writeHeader(full, 0, { length: full.length, type: 2, flags: 0, seq: 0, portId: 0 });
      full.set(again, NLMSG_HDRLEN);
      expect(outcome(() => compiled.decodeMessageBytes('get', full)), Buffer.from(input).toString('hex')).toBe(outcome(() => v));
    }
    expect(decoded).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(100);
  });
});
