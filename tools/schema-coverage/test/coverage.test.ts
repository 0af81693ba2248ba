/** The schema coverage tool: C enum parsing, the matching rules, and a run on the real tree. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs modules without declarations
import { evaluate, parseHeader } from '../src/headers.mjs';
// @ts-expect-error: plain .mjs modules without declarations
import { schemaSets } from '../src/schemas.mjs';
// @ts-expect-error: plain .mjs modules without declarations
import { computeCoverage } from '../src/coverage.mjs';
// @ts-expect-error: plain .mjs modules without declarations
import { formatText } from '../src/report.mjs';
// @ts-expect-error: plain .mjs modules without declarations
import { run } from '../src/cli.mjs';

const fixture = (p: string) => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'utf8');

interface Row { enum: string; sets: string[]; total: number; named: string[]; missing: Array<{ name: string; value: number; schemaName?: string }> }
interface Family { family: string; total: number; named: number; rows: Row[]; schemaOnly: Array<{ set: string; attr: string; uapi: string }>; notCompared: Array<{ set: string; reason: string }> }

describe('C constant expressions', () => {
  it('evaluates numbers, known names and the operators uapi headers use', () => {
    const scope = new Map([['A', 3]]);
    expect(evaluate('(1 << 3) | 2', scope)).toBe(10);
    expect(evaluate('A + 1', scope)).toBe(4);
    expect(evaluate('0x10UL - 1', scope)).toBe(15);
    expect(evaluate('~0 & 0xff', scope)).toBe(255);
    expect(evaluate('2 * (A - 1)', scope)).toBe(4);
    expect(evaluate('B + 1', scope)).toBeUndefined();
    expect(evaluate('sizeof(int)', scope)).toBeUndefined();
  });
});

describe('uapi attribute enums', () => {
  const enums = parseHeader(fixture('include/linux/demo.h'), 'linux/demo.h');
  const byPrefix = (p: string) => enums.find((e: { prefix: string }) => e.prefix === p);

  it('finds enums closed by __P_MAX, __P_CNT or `__P` then `P_MAX`, with their values', () => {
    expect(enums.map((e: { prefix: string }) => e.prefix)).toEqual(['DEMO_', 'DEMO_OPT_', 'DEMO_MODE_', 'DEMO_NEST_', 'DEMO_TDC_', 'DEMO_LEVEL_', 'OTHER_']);
    expect(byPrefix('DEMO_MODE_').entries.map((x: { value: number }) => x.value)).toEqual([1, 6]);
    expect(byPrefix('DEMO_NEST_').entries).toEqual([{ name: 'DEMO_NEST_ONE', value: 1 }]);
    expect(byPrefix('DEMO_TDC_').entries.map((x: { name: string }) => x.name)).toEqual(['DEMO_TDC_MIN', 'DEMO_TDC_VALUE']);
  });

  it('tells attribute enums from value enums: bits, or entries named outside the prefix', () => {
    const kinds = Object.fromEntries(enums.map((e: { prefix: string; kind: string }) => [e.prefix, e.kind]));
    expect(kinds).toEqual({ DEMO_: 'attributes', DEMO_OPT_: 'attributes', DEMO_MODE_: 'values', DEMO_NEST_: 'attributes', DEMO_TDC_: 'attributes', DEMO_LEVEL_: 'values', OTHER_: 'attributes' });
  });

  it('leaves out P_UNSPEC and reserved ids, and keeps second names as aliases', () => {
    expect(byPrefix('DEMO_').entries).toEqual([
      { name: 'DEMO_NAME', value: 1, aliases: ['DEMO_NEW_NAME'] },
      { name: 'DEMO_COUNT', value: 2, aliases: ['DEMO_OLD'] },
      { name: 'DEMO_PAD', value: 4 },
      { name: 'DEMO_FLAGS', value: 5 },
    ]);
  });
});

describe('coverage of a schema against a header', () => {
  const enums = parseHeader(fixture('include/linux/demo.h'), 'linux/demo.h');
  const schema = schemaSets(fixture('schemas/demo.yaml'));
  const config = {
    families: { demo: [/^DEMO_/] },
    notAttributes: [],
    setPrefix: { 'demo/by-family': { skip: 'keyed by address family' } },
    guessPrefix: {},
  };
  const result = computeCoverage(enums, [schema], config) as { families: Family[]; outside: Array<{ enum: string }> };
  const demo = result.families[0]!;
  const row = (e: string) => demo.rows.find((r) => r.enum === e)!;

  it('reads the schema: ids, prefixes, no subsets', () => {
    expect(schema.family).toBe('demo');
    expect(schema.sets.map((s: { name: string }) => s.name)).toEqual(['demo-attrs', 'opt-attrs', 'by-family']);
    expect(schema.sets[0].attrs.map((a: { value: number }) => a.value)).toEqual([1, 2, 4, 9]);
  });

  it('counts the uapi names a set names, aliases included, per enum and per family', () => {
    expect(row('DEMO_*')).toMatchObject({ sets: ['demo-attrs'], total: 4, named: ['DEMO_NAME', 'DEMO_COUNT', 'DEMO_PAD'] });
    expect(row('DEMO_*').missing).toEqual([{ name: 'DEMO_FLAGS', value: 5 }]);
    expect([demo.named, demo.total]).toEqual([4, 9]);
  });

  it('names what is missing, with the schema attribute at the same id', () => {
    expect(row('DEMO_OPT_*').missing).toEqual([{ name: 'DEMO_OPT_B', value: 2, schemaName: 'bee' }]);
    expect(demo.schemaOnly.map((s) => s.uapi)).toEqual(['DEMO_EXTRA', 'DEMO_OPT_BEE']);
  });

  it('lists enums without a set, value enums nowhere, other prefixes outside, skipped sets with why', () => {
    expect(row('DEMO_NEST_*')).toMatchObject({ sets: [], total: 1, named: [] });
    expect(demo.rows.some((r) => r.enum === 'DEMO_MODE_*' || r.enum === 'DEMO_LEVEL_*')).toBe(false);
    expect(row('DEMO_TDC_*')).toMatchObject({ sets: [], total: 2 });
    expect(result.outside.map((o) => o.enum)).toEqual(['OTHER_*']);
    expect(demo.notCompared).toEqual([{ set: 'by-family', reason: 'keyed by address family' }]);
  });

  it('prints a table with the figures and the missing names', () => {
    const text = formatText(result, { include: 'fixtures' });
    expect(text).toMatch(/^demo\s+4\/9\s+44\.4%/m);
    expect(text).toContain('missing: DEMO_OPT_B (the schema has "bee" at 2)');
    expect(text).toMatch(/DEMO_NEST_\*\s+0\/1 .*\(no attribute set\)/);
    expect(text).toContain('OTHER_* (linux/demo.h, 1)');
  });
});

describe('on the real tree', () => {
  it('reports every netlink-raw family of schemas/ against /usr/include', () => {
    const result = run() as { families: Family[] };
    expect(result.families.map((f) => f.family)).toEqual(['rt-addr', 'rt-link', 'rt-neigh', 'rt-route', 'rt-rule', 'tc']);
    for (const f of result.families) {
      expect(f.total, f.family).toBeGreaterThan(0);
      expect(f.named, f.family).toBeGreaterThan(0);
      expect(f.named).toBeLessThanOrEqual(f.total);
    }
    // Facts of the uapi headers, whatever the schemas say.
    const link = result.families.find((f) => f.family === 'rt-link')!;
    expect(link.rows.find((r) => r.enum === 'IFLA_*')!.total).toBeGreaterThan(50);
  });

  it('runs as pnpm coverage:schemas does, in text and in JSON', () => {
    const cli = new URL('../src/cli.mjs', import.meta.url).pathname;
    const text = execFileSync(process.execPath, [cli], { encoding: 'utf8' });
    expect(text).toMatch(/^rt-link\s+\d+\/\d+\s+[\d.]+%/m);
    const json = JSON.parse(execFileSync(process.execPath, [cli, '--json'], { encoding: 'utf8' })) as { families: Family[] };
    expect(json.families.length).toBe(6);
  });
});
