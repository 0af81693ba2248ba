/**
 * Every use of nlkit's schema extension in schemas/ (the table in schemas/EXTENSIONS.md)
 * decodes and encodes as that document says:
 * - nlkit-select: under each case's selector value (as a name, and as its number) the attribute
 *   reads exactly as the case's keys say, and with no selector value as declared;
 * - nlkit-records: a list of { header, ...attributes }, the length member framing only (each
 *   record's length written, records 4-byte aligned);
 * - nlkit-flexible: the array takes the payload after the struct, the count member follows
 *   it, and bytes after whole elements are `$tail`;
 * - nlkit-fields: each field is (value & mask) >>> shift, uncovered bits are `<member>$rest`;
 * and every decoded value encodes back to the same bytes, compiled and interpreted alike.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TAIL_KEY, memberName, restKey, type AttrIR, type FamilyIR, type StructIR } from '@nlkit/ir';
import { Encoder, FamilyRuntime, MessageBuilder, decodeStruct, encodeStruct } from '../core.js';
import { IrArbitraries, loadFamilies } from '../fuzz/gen.js';
import { show } from './outcome.js';

type Obj = Record<string, unknown>;

function caseAttr(a: AttrIR, c: NonNullable<AttrIR['select']>['cases'][number] | undefined): AttrIR {
  const { select: _s, ...declared } = a;
  if (!c) return declared;
  const { value: _v, ...override } = c;
  return { ...declared, ...override };
}

/** The family with attribute `a` of `setName` replaced (its subsets follow the parent). */
function withAttr(ir: FamilyIR, setName: string, a: AttrIR, replacement: AttrIR): FamilyIR {
  const copy = structuredClone(ir);
  for (const s of copy.attributeSets) {
    if (s.name !== setName && s.subsetOf !== setName) continue;
    s.attrs = s.attrs.map((x) => (x.name === a.name ? { ...replacement, value: x.value } : x));
  }
  return copy;
}

function encodeSet(rt: FamilyRuntime, setName: string, value: Obj, scope: Obj[]): Uint8Array {
  const b = new MessageBuilder(64);
  new Encoder(rt.index).encodeSet(setName, value, b, [], scope);
  return b.finish();
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Attributes that carry `st` on its own (not in an array), with their set. */
function carriers(ir: FamilyIR, st: string): Array<{ set: string; attr: AttrIR }> {
  const out: Array<{ set: string; attr: AttrIR }> = [];
  for (const s of ir.attributeSets) {
    if (s.subsetOf) continue;
    for (const a of s.attrs) if (a.type === 'binary' && a.struct === st && a.subType !== 'binary' && !a.select && !a.records) out.push({ set: s.name, attr: a });
  }
  return out;
}

const families = loadFamilies().filter(({ ir }) => ir.structs.some((s) => s.members.some((m) => m.flexible || m.fields)) || ir.attributeSets.some((s) => s.attrs.some((a) => a.select || a.records)));

describe('every use of the extension in schemas/ works as documented', () => {
  it('some schemas use the extension', () => {
    expect(families.map((f) => f.ir.name)).toContain('rt-route');
  });

  for (const { file, ir } of families) {
    const compiled = new FamilyRuntime(ir, { compileAfter: 0 });
    const interpreted = new FamilyRuntime(ir, { compile: false });
    const arbs = new IrArbitraries(ir, { maxDepth: 2, maxItems: 3 });
    const enums = new Map(ir.enums.map((e) => [e.name, e]));

    it(`${file}: nlkit-select reads each case as its keys say, and as declared without a selector`, () => {
      let checked = 0;
      for (const set of ir.attributeSets.filter((s) => !s.subsetOf)) {
        for (const a of set.attrs.filter((x) => x.select)) {
          const key = memberName(a.name);
          const selKey = memberName(a.select!.by);
          for (const c of [undefined, ...a.select!.cases]) {
            const reading = caseAttr(a, c);
            const arb = arbs.attr(reading, 1);
            if (!arb) continue;
            const plain = new FamilyRuntime(withAttr(ir, set.name, a, reading), { compileAfter: 0 });
            const number = c && a.select!.enum ? enums.get(a.select!.enum)?.entries.find((e) => e.name === c.value)?.value : undefined;
            for (const v of fc.sample(arb, { numRuns: 5, seed: 0xe47 + checked })) {
              // The selector as an attribute of the same object, and as a member of an enclosing header.
              const scopes: Obj[][] = c ? [[{ [selKey]: c.value }], [{ header: { [selKey]: c.value } }]] : [[]];
              for (const scope of scopes) {
                let bytes: Uint8Array;
                try {
                  bytes = encodeSet(compiled, set.name, { [key]: v }, scope);
                } catch {
                  continue; // a generated value its checks refuse
                }
                expect(hex(encodeSet(plain, set.name, { [key]: v }, scope)), `${set.name}.${a.name} ${c?.value ?? '(declared)'}: encodes as the case`).toBe(hex(bytes));
                if (number !== undefined) expect(hex(encodeSet(compiled, set.name, { [key]: v }, [{ [selKey]: number }]))).toBe(hex(bytes));
                const got = compiled.decoder.decodeSet(set.name, bytes, 0, bytes.length, scope);
                expect(show(got)).toBe(show(plain.decoder.decodeSet(set.name, bytes, 0, bytes.length, scope)));
                expect(show(interpreted.decoder.decodeSet(set.name, bytes, 0, bytes.length, scope))).toBe(show(got));
                expect(hex(encodeSet(compiled, set.name, got, scope))).toBe(hex(bytes));
                checked++;
              }
            }
          }
        }
      }
      if (ir.attributeSets.some((s) => s.attrs.some((a) => a.select))) expect(checked).toBeGreaterThan(0);
    });

    it(`${file}: nlkit-records are { header, ...attributes } lists framed by their length member`, () => {
      for (const set of ir.attributeSets.filter((s) => !s.subsetOf)) {
        for (const a of set.attrs.filter((x) => x.records)) {
          const r = a.records!;
          const head = ir.structs.find((s) => s.name === r.header)!;
          const len = head.members.find((m) => m.name === r.length)!;
          const key = memberName(a.name);
          const values = fc.sample(arbs.attr(a, 0)!, { numRuns: 10, seed: 0x7ec }).filter((v) => Array.isArray(v) && v.length > 0);
          expect(values.length).toBeGreaterThan(0);
          for (const v of values) {
            const bytes = encodeSet(compiled, set.name, { [key]: v }, []);
            const got = compiled.decoder.decodeSet(set.name, bytes, 0, bytes.length, [])[key] as Obj[];
            expect(got).toHaveLength((v as unknown[]).length);
            for (const rec of got) expect(Object.keys(rec.header as Obj)).not.toContain(memberName(len.name));
            // Walk the payload: each record's length member holds its length, the next starts 4-aligned.
            const payloadEnd = bytes[0]! | (bytes[1]! << 8);
            let off = 4;
            let n = 0;
            while (off < payloadEnd) {
              const view = new DataView(bytes.buffer, bytes.byteOffset + off + len.offset);
              const recLen = len.size === 2 ? view.getUint16(0, len.byteOrder !== 'big-endian') : len.size === 4 ? view.getUint32(0, len.byteOrder !== 'big-endian') : view.getUint8(0);
              expect(recLen).toBeGreaterThanOrEqual(head.size);
              off += (recLen + 3) & ~3;
              n++;
            }
            expect([n, off]).toEqual([got.length, payloadEnd]);
            expect(hex(encodeSet(compiled, set.name, { [key]: got }, []))).toBe(hex(bytes));
            expect(show(interpreted.decoder.decodeSet(set.name, bytes, 0, bytes.length, []))).toBe(show({ [key]: got }));
          }
        }
      }
    });

    const flexStructs = ir.structs.filter((s) => s.members.some((m) => m.flexible) && carriers(ir, s.name).length > 0);
    it(`${file}: nlkit-flexible arrays take the payload after their struct, with their count, and $tail after`, () => {
      for (const st of flexStructs) {
        const m = st.members.find((x) => x.flexible)!;
        const fkey = memberName(m.name);
        const { set, attr } = carriers(ir, st.name)[0]!;
        const key = memberName(attr.name);
        for (const v of fc.sample(arbs.struct(st.name), { numRuns: 8, seed: 0xf1e })) {
          const bytes = encodeSet(compiled, set, { [key]: v }, []);
          const got = compiled.decoder.decodeSet(set, bytes, 0, bytes.length, [])[key] as Obj;
          const items = v[fkey];
          if (Array.isArray(items)) expect((got[fkey] as unknown[]).length, `${st.name}.${m.name}`).toBe(items.length);
          if (m.flexible!.count) expect(got[memberName(m.flexible!.count)]).toBe((items as unknown[]).length);
          expect(Object.keys(got)).not.toContain(TAIL_KEY);
          expect(hex(encodeSet(compiled, set, { [key]: got }, []))).toBe(hex(bytes));
          // Two bytes more than the elements: kept as $tail (elements of one byte take them instead).
          const elem = m.struct ? ir.structs.find((s) => s.name === m.struct)!.size : m.flexible!.elementSize ?? (m.type === 'binary' ? 0 : 8);
          if (elem <= 2) continue;
          const longer = new Uint8Array(bytes.length + 4);
          longer.set(bytes);
          longer.set([0xaa, 0xbb], bytes.length);
          new DataView(longer.buffer).setUint16(0, (bytes[0]! | (bytes[1]! << 8)) + 2, true);
          const withTail = compiled.decoder.decodeSet(set, longer, 0, longer.length, [])[key] as Obj;
          expect(withTail[TAIL_KEY]).toEqual(new Uint8Array([0xaa, 0xbb]));
          expect(hex(encodeSet(compiled, set, { [key]: withTail }, []))).toBe(hex(longer));
        }
      }
    });

    const fieldMembers = ir.structs.flatMap((st) => st.members.filter((m) => m.fields).map((m) => ({ st, m })));
    it(`${file}: nlkit-fields split the member under their masks, uncovered bits as <member>$rest`, () => {
      for (const { st, m } of fieldMembers) {
        const size = m.size;
        for (const raw of fc.sample(fc.bigInt({ min: 0n, max: (1n << BigInt(size * 8)) - 1n }), { numRuns: 20, seed: 0xf1d })) {
          const buf = new Uint8Array(st.size);
          const view = new DataView(buf.buffer);
          const le = m.byteOrder !== 'big-endian';
          if (size === 1) view.setUint8(m.offset, Number(raw));
          else if (size === 2) view.setUint16(m.offset, Number(raw), le);
          else if (size === 4) view.setUint32(m.offset, Number(raw), le);
          else view.setBigUint64(m.offset, raw, le);
          const got = decodeStruct(compiled.index, st as StructIR, buf, 0, buf.length);
          let used = 0n;
          for (const f of m.fields!) {
            const want = Number((raw & BigInt(f.mask)) >> BigInt(f.shift));
            const e = f.enum ? enums.get(f.enum) : undefined;
            const named = e?.entries.find((en) => en.value === want)?.name;
            expect(got[memberName(f.name)], `${st.name}.${m.name}.${f.name}`).toBe(named ?? want);
            used |= BigInt(f.mask);
          }
          const rest = raw & ~used;
          expect(got[restKey(m.name)]).toBe(rest === 0n ? undefined : size === 8 ? rest : Number(rest));
          expect(Object.keys(got)).not.toContain(memberName(m.name));
          const again = new Uint8Array(st.size);
          encodeStruct(compiled.index, st as StructIR, got, again, 0, []);
          expect(hex(again.subarray(m.offset, m.offset + size))).toBe(hex(buf.subarray(m.offset, m.offset + size)));
        }
      }
    });
  }
});
