/**
 * schemas/EXTENSIONS.md in step with the schemas: every schema in schemas/ loads, every use of
 * an nlkit-* key resolves to the form the document describes, and the document's table of
 * uses lists exactly the uses the schemas have. (That each use decodes and encodes as
 * documented is held by packages/core/test/codec/extension-uses.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { FamilyIR } from '@nlkit/ir';
import { loadSchemaFileSync } from '../src/index.js';

const SCHEMAS = fileURLToPath(new URL('../../../schemas/', import.meta.url));
const DOC = join(SCHEMAS, 'EXTENSIONS.md');
const INT_BITS: Record<string, number> = { u8: 8, s8: 8, u16: 16, s16: 16, u32: 32, s32: 32, u64: 64, s64: 64 };

interface Use {
  schema: string;
  key: 'nlkit-select' | 'nlkit-records' | 'nlkit-flexible' | 'nlkit-fields';
  where: string;
  what: string;
}

/** Every use of an nlkit-* key in a family, as a row of the document's table. */
export function usesOf(file: string, ir: FamilyIR): Use[] {
  const schema = file.replace(/\.yaml$/, '');
  const out: Use[] = [];
  for (const st of ir.structs) {
    for (const m of st.members) {
      if (m.flexible) {
        const elem = m.struct ?? (m.flexible.elementSize ? `${m.flexible.elementSize}-byte ${m.displayHint ?? 'binary'}` : m.type === 'binary' ? 'bytes' : m.type);
        out.push({ schema, key: 'nlkit-flexible', where: `${st.name}.${m.name}`, what: `${elem}${m.flexible.count ? `, count ${m.flexible.count}` : ''}` });
      }
      if (m.fields) out.push({ schema, key: 'nlkit-fields', where: `${st.name}.${m.name}`, what: m.fields.map((f) => f.name).join(', ') });
    }
  }
  for (const set of ir.attributeSets) {
    if (set.subsetOf) continue; // a subset's attributes are its parent's
    for (const a of set.attrs) {
      if (a.select) out.push({ schema, key: 'nlkit-select', where: `${set.name}.${a.name}`, what: `by ${a.select.by}: ${a.select.cases.map((c) => c.value).join(', ')}` });
      if (a.records) out.push({ schema, key: 'nlkit-records', where: `${set.name}.${a.name}`, what: `${a.records.header} + ${a.records.attributeSet}` });
    }
  }
  return out;
}

const files = readdirSync(SCHEMAS).filter((f) => f.endsWith('.yaml')).sort();
const families = files.map((file) => ({ file, ir: loadSchemaFileSync(join(SCHEMAS, file)) }));

/** The table as EXTENSIONS.md holds it, between its markers. */
function tableText(uses: Use[]): string {
  const rows = uses.map((u) => `| ${u.schema} | \`${u.key}\` | \`${u.where}\` | ${u.what} |`);
  return ['| schema | key | where | what |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

describe('schemas/EXTENSIONS.md in step with schemas/', () => {
  const uses = families.flatMap(({ file, ir }) => usesOf(file, ir));

  it('every use resolves to the documented form', () => {
    for (const { ir } of families) {
      const structs = new Map(ir.structs.map((s) => [s.name, s]));
      const sets = new Set(ir.attributeSets.map((s) => s.name));
      const enums = new Map(ir.enums.map((e) => [e.name, e]));
      for (const set of ir.attributeSets) {
        for (const a of set.attrs) {
          if (a.select) {
            // Case values print as the decoded selector would: enum names when it has an enum.
            const e = a.select.enum !== undefined ? enums.get(a.select.enum) : undefined;
            for (const c of a.select.cases) {
              if (e) expect(e.entries.some((en) => en.name === c.value) || /^-?[0-9]+$/.test(c.value), `${ir.name} ${set.name}.${a.name} case ${c.value}`).toBe(true);
              if (c.struct) expect(structs.has(c.struct)).toBe(true);
              if (c.nestedAttributes) expect(sets.has(c.nestedAttributes)).toBe(true);
            }
          }
          if (a.records) {
            const h = structs.get(a.records.header)!;
            const len = h.members.find((m) => m.name === a.records!.length);
            expect(len && INT_BITS[len.type], `${ir.name} ${set.name}.${a.name}: length member`).toBeTruthy();
            expect(h.members.some((m) => m.flexible)).toBe(false);
            expect(sets.has(a.records.attributeSet)).toBe(true);
          }
        }
      }
      for (const st of ir.structs) {
        st.members.forEach((m, i) => {
          if (m.flexible) {
            // The last member, adding nothing to the size.
            expect(i, `${ir.name} ${st.name}.${m.name}`).toBe(st.members.length - 1);
            expect([m.size, m.offset <= st.size]).toEqual([0, true]);
            if (m.flexible.count) expect(INT_BITS[st.members.find((x) => x.name === m.flexible!.count)!.type]).toBeDefined();
          }
          if (m.fields) {
            let used = 0n;
            for (const f of m.fields) {
              const mask = BigInt(f.mask);
              expect(mask & used, `${ir.name} ${st.name}.${m.name}.${f.name}: masks overlap`).toBe(0n);
              expect(mask < 1n << BigInt(INT_BITS[m.type]!)).toBe(true);
              expect((mask >> BigInt(f.shift)) & 1n).toBe(1n);
              expect(mask & ((1n << BigInt(f.shift)) - 1n)).toBe(0n);
              used |= mask;
            }
          }
        });
      }
    }
  });

  it('the table of uses in EXTENSIONS.md lists exactly the uses in the schemas', () => {
    const doc = readFileSync(DOC, 'utf8');
    const m = /<!-- uses:start -->\n([\s\S]*?)\n<!-- uses:end -->/.exec(doc);
    expect(m, 'EXTENSIONS.md needs its table between <!-- uses:start --> and <!-- uses:end -->').not.toBeNull();
    const want = tableText(uses);
    if (m?.[1] !== want) console.log(`schemas/EXTENSIONS.md: the table of uses should read:\n${want}`);
    expect(m![1], `update the table in schemas/EXTENSIONS.md to:\n${want}\n`).toBe(want);
  });

  it('rt-route uses every key (the reference use of the extension)', () => {
    const keys = new Set(uses.filter((u) => u.schema === 'rt-route').map((u) => u.key));
    expect([...keys].sort()).toEqual(['nlkit-fields', 'nlkit-flexible', 'nlkit-records', 'nlkit-select']);
  });
});
