/**
 * fast-check arbitraries for values of every attribute type, derived from a family's IR, and
 * the decode oracle of the fuzz tests. Nothing here imports @nlkit/core: callers pass their
 * runtime in, and a DecodeError is recognised by its code, so tests of core's src and of the
 * built packages share these.
 */
import fc from 'fast-check';
import { memberName, type AttrIR, type FamilyIR, type OperationIR, type StructIR } from '@nlkit/ir';

const INT_RANGE: Record<string, [bigint, bigint]> = {
  u8: [0n, 0xffn], u16: [0n, 0xffffn], u32: [0n, 0xffffffffn], u64: [0n, (1n << 64n) - 1n],
  s8: [-0x80n, 0x7fn], s16: [-0x8000n, 0x7fffn], s32: [-0x80000000n, 0x7fffffffn], s64: [-(1n << 63n), (1n << 63n) - 1n],
  uint: [0n, (1n << 64n) - 1n], sint: [-(1n << 63n), (1n << 63n) - 1n],
};

/** An integer of `kind` in its decoded form: number up to 32 bits, bigint for u64/s64, either for uint/sint. */
export function intArb(kind: string, checks?: { min?: number; max?: number }): fc.Arbitrary<number | bigint> {
  let [lo, hi] = INT_RANGE[kind]!;
  if (checks?.min !== undefined && BigInt(checks.min) > lo) lo = BigInt(checks.min);
  if (checks?.max !== undefined && BigInt(checks.max) < hi) hi = BigInt(checks.max);
  if (lo > hi) hi = lo;
  const big = fc.oneof(fc.bigInt({ min: lo, max: hi }), fc.constantFrom(lo, hi));
  if (kind === 'u64' || kind === 's64') return big;
  if (kind === 'uint' || kind === 'sint') {
    const safe = (v: bigint) => v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
    return big.map((v) => (safe(v) ? Number(v) : v));
  }
  return big.map((v) => Number(v));
}

const textArb = (max: number) =>
  fc.string({ maxLength: Math.max(0, Math.min(max, 24)), unit: fc.oneof(fc.constantFrom('a', 'z', '0', '-', '_', '.'), fc.constantFrom('é', 'ß', '€', '中')) })
    .filter((s) => new TextEncoder().encode(s).length <= max);

export interface GenOptions {
  /** How deep nests may go (keeps values small). */
  maxDepth: number;
  /** Most items of a multi-attr or array. */
  maxItems: number;
}

export class IrArbitraries {
  private readonly enums = new Map<string, FamilyIR['enums'][number]>();
  private readonly structs = new Map<string, StructIR>();
  private readonly sets = new Map<string, FamilyIR['attributeSets'][number]>();

  constructor(readonly ir: FamilyIR, readonly opts: GenOptions = { maxDepth: 3, maxItems: 3 }) {
    for (const e of ir.enums) this.enums.set(e.name, e);
    for (const s of ir.structs) this.structs.set(s.name, s);
    for (const s of ir.attributeSets) this.sets.set(s.name, s);
  }

  /** An integer, or its enum name / flag list when the attribute or member has an enum. */
  scalar(kind: string, m: { enum?: string; enumAsFlags?: boolean; displayHint?: string; checks?: AttrIR['checks'] }): fc.Arbitrary<unknown> {
    const e = m.enum ? this.enums.get(m.enum) : undefined;
    if (e && e.entries.length) {
      const size = kind === 'uint' || kind === 'sint' ? 64 : Number(kind.slice(1));
      if (m.enumAsFlags || e.kind === 'flags') {
        const fits = e.entries.filter((en) => (e.kind === 'flags' ? BigInt(en.value) : 1n << BigInt(en.value)) < (1n << BigInt(size)) && en.value !== 0);
        return fc.subarray(fits.map((en) => en.name)).map((names) => {
          // The decoder lists set flags in the enum's order, taking each whole mask once.
          const order = new Map(fits.map((en, i) => [en.name, i]));
          return [...names].sort((a, b) => order.get(a)! - order.get(b)!);
        });
      }
      const fits = e.entries.filter((en) => BigInt(en.value) <= INT_RANGE[kind]![1] && BigInt(en.value) >= INT_RANGE[kind]![0]);
      if (fits.length) return fc.constantFrom(...fits.map((en) => en.name));
    }
    return intArb(kind, m.checks);
  }

  /** A struct value; `omit` leaves a member out (a record header's length, which the encoder writes). */
  struct(name: string, depth = 0, omit?: string): fc.Arbitrary<Record<string, unknown>> {
    const st = this.structs.get(name)!;
    const members: Record<string, fc.Arbitrary<unknown>> = {};
    let flex: { key: string; count?: string; items: fc.Arbitrary<unknown[] | Uint8Array> } | undefined;
    for (const m of st.members) {
      if (m.type === 'pad' || m.name === omit) continue;
      const key = memberName(m.name);
      if (m.flexible) {
        // nlkit-flexible: whole elements only, so nothing lands in $tail.
        const size = m.flexible.elementSize;
        const items = m.type === 'binary' && !m.struct
          ? size ? fc.array<unknown>(fc.uint8Array({ minLength: size, maxLength: size }), { maxLength: this.opts.maxItems }) : fc.uint8Array({ maxLength: 8 })
          : fc.array<unknown>(m.struct ? this.struct(m.struct, depth + 1) : intArb(m.type), { maxLength: this.opts.maxItems });
        flex = { key, count: m.flexible.count !== undefined ? memberName(m.flexible.count) : undefined, items };
        continue;
      }
      if (m.fields) {
        // nlkit-fields: each field within its mask; enum names where the field has one.
        for (const f of m.fields) {
          const max = Number(BigInt(f.mask) >> BigInt(f.shift));
          const e = f.enum ? this.enums.get(f.enum) : undefined;
          const names = e?.entries.filter((en) => en.value <= max).map((en) => en.name) ?? [];
          members[memberName(f.name)] = names.length ? fc.constantFrom(...names) : fc.oneof(fc.integer({ min: 0, max: Math.min(max, 0x7fffffff) }), fc.constant(max));
        }
        continue;
      }
      if (m.type === 'string') members[key] = textArb(m.size - 1);
      else if (m.type === 'binary') members[key] = m.struct && depth < 4 ? this.struct(m.struct, depth + 1) : fc.uint8Array({ minLength: m.size, maxLength: m.size });
      else members[key] = this.scalar(m.type, m);
    }
    if (!flex) return fc.record(members);
    const f = flex;
    return fc.tuple(fc.record(members), f.items).map(([r, items]) => {
      const out: Record<string, unknown> = { ...r };
      if (f.count !== undefined && Array.isArray(items)) out[f.count] = items.length;
      out[f.key] = items;
      return out;
    });
  }

  /**
   * The value of one attribute (one item when it is multi-attr). `ctx` holds the values of the
   * enclosing fixed header, for nlkit-select attributes that a header member selects.
   */
  attr(a: AttrIR, depth: number, ctx?: Record<string, unknown>): fc.Arbitrary<unknown> | undefined {
    if (a.select) {
      // A header member picks the case; without one known here, the attribute is left out.
      const sel = ctx?.[memberName(a.select.by)];
      if (sel === undefined) return undefined;
      return this.attr(selectedCase(this.ir, a, sel), depth, ctx);
    }
    const c = a.checks;
    switch (a.type) {
      case 'unused': case 'pad': return undefined;
      case 'flag': return fc.constant(true);
      case 'string': return textArb(c?.maxLen ?? 24).filter((s) => c?.minLen === undefined || new TextEncoder().encode(s).length >= c.minLen);
      case 'bitfield32': return fc.record({ value: fc.nat({ max: 0xffffffff }), selector: fc.nat({ max: 0xffffffff }) });
      case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64': case 'uint': case 'sint':
        return this.scalar(a.type, a);
      case 'binary': {
        if (a.records) {
          if (depth >= this.opts.maxDepth) return undefined;
          const r = a.records;
          const rec = fc.tuple(this.struct(r.header, depth + 1, r.length), this.set(r.attributeSet, depth + 1, ctx)).map(([header, attrs]) => ({ header, ...attrs }));
          return fc.array(rec, { maxLength: this.opts.maxItems });
        }
        if (a.struct) {
          const one = this.struct(a.struct, depth);
          return a.subType === 'binary' ? fc.array(one, { maxLength: this.opts.maxItems }) : one;
        }
        if (a.subType && a.subType in INT_RANGE) return fc.array(intArb(a.subType), { maxLength: this.opts.maxItems * 2 });
        const min = c?.exactLen ?? c?.minLen ?? 0;
        const max = c?.exactLen ?? Math.min(c?.maxLen ?? 32, 64);
        return fc.uint8Array({ minLength: min, maxLength: Math.max(min, max) });
      }
      case 'nest':
        if (depth >= this.opts.maxDepth) return undefined;
        return this.set(a.nestedAttributes!, depth + 1, ctx);
      case 'indexed-array': {
        if (depth >= this.opts.maxDepth) return undefined;
        const sub = a.subType ?? 'nest';
        const elem = sub === 'nest' ? this.set(a.nestedAttributes!, depth + 1) : this.attr({ ...a, type: sub as AttrIR['type'], subType: undefined, multiAttr: false }, depth + 1);
        return elem ? fc.array(elem, { maxLength: this.opts.maxItems }) : undefined;
      }
      case 'nest-type-value': {
        if (depth >= this.opts.maxDepth) return undefined;
        const levels = Math.max(1, a.typeValue?.length ?? 1);
        let leaf: fc.Arbitrary<unknown> = a.nestedAttributes ? this.set(a.nestedAttributes, depth + 1) : fc.uint8Array({ maxLength: 8 });
        for (let i = 0; i < levels; i++) {
          const inner = leaf;
          leaf = fc.dictionary(fc.integer({ min: 0, max: 200 }).map(String), inner, { maxKeys: this.opts.maxItems });
        }
        return leaf;
      }
      case 'sub-message':
        return undefined; // generated together with its selector, in set()
    }
  }

  /** An object of attributes of `setName`; sub-messages come with a selector in the same set. */
  set(setName: string, depth = 0, ctx?: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
    const set = this.sets.get(setName)!;
    const keys: Record<string, fc.Arbitrary<unknown>> = {};
    const subs: fc.Arbitrary<Record<string, unknown>>[] = [];
    for (const a of set.attrs) {
      const key = memberName(a.name);
      if (a.type === 'sub-message') {
        const sel = set.attrs.find((x) => x.name === a.selector);
        const sm = this.ir.subMessages.find((s) => s.name === a.subMessage);
        if (!sel || !sm || depth >= this.opts.maxDepth) continue;
        const formats = sm.formats.map((f) => {
          const body: Record<string, fc.Arbitrary<unknown>> = {};
          if (f.attributeSet) body['$attrs'] = this.set(f.attributeSet, depth + 1);
          if (f.fixedHeader) body['$hdr'] = this.struct(f.fixedHeader, depth + 1);
          const hk = f.attributeSet && this.sets.get(f.attributeSet)!.attrs.some((x) => memberName(x.name) === 'header') ? 'fixedHeader' : 'header';
          return fc.record(body).map((r) => {
            const v: Record<string, unknown> = { ...(r['$attrs'] as object | undefined) };
            if (r['$hdr'] !== undefined) v[hk] = r['$hdr'];
            // A format that is only a struct takes (and decodes to) the struct itself.
            if (f.fixedHeader && !f.attributeSet) return { [memberName(sel.name)]: selectorValue(sel, f.value), [key]: r['$hdr'] };
            return { [memberName(sel.name)]: selectorValue(sel, f.value), [key]: v };
          });
        });
        if (formats.length) subs.push(fc.oneof(...formats));
        continue;
      }
      if (a.select && set.attrs.some((x) => x.name === a.select!.by && !x.select)) {
        // Selected by an attribute of this set: the value comes with a selector value of one case.
        const selAttr = set.attrs.find((x) => x.name === a.select!.by)!;
        const variants = a.select.cases.map((c) => {
          const arb = this.attr(selectedCase(this.ir, a, c.value), depth, ctx);
          const selValue = selectorValue(selAttr, c.value);
          return arb && fc.record({ [memberName(selAttr.name)]: fc.constant(selValue), [key]: arb });
        }).filter((x) => x !== undefined);
        if (variants.length && depth < this.opts.maxDepth) subs.push(fc.oneof(...variants));
        continue;
      }
      const arb = this.attr(a, depth, ctx);
      if (!arb) continue;
      keys[key] = a.multiAttr ? fc.array(arb, { minLength: 1, maxLength: this.opts.maxItems }) : arb;
    }
    const base = fc.record(keys, { requiredKeys: [] });
    if (!subs.length) return base;
    return fc.tuple(base, fc.option(fc.oneof(...subs), { nil: undefined })).map(([b, s]) => (s ? { ...b, ...s } : b));
  }

  /** A message body object for `op` (fixed header + attributes). */
  message(op: OperationIR): fc.Arbitrary<Record<string, unknown>> {
    const set = op.attributeSet ? this.set(op.attributeSet) : fc.constant({});
    const hk = op.attributeSet && this.sets.get(op.attributeSet)!.attrs.some((x) => memberName(x.name) === 'header') ? 'fixedHeader' : 'header';
    if (!op.fixedHeader) return set;
    if (op.attributeSet && this.selects(op.attributeSet)) {
      // nlkit-select attributes read the header: the attributes are made after it.
      const setName = op.attributeSet;
      return this.struct(op.fixedHeader).chain((h) => this.set(setName, 0, h).map((s) => ({ [hk]: h, ...s })));
    }
    return fc.tuple(this.struct(op.fixedHeader), set).map(([h, s]) => ({ [hk]: h, ...s }));
  }

  /** Whether a set, or one inside it, has nlkit-select attributes. */
  private selects(setName: string, seen = new Set<string>()): boolean {
    if (seen.has(setName)) return false;
    seen.add(setName);
    const set = this.sets.get(setName);
    return !!set?.attrs.some((a) => a.select || [a.nestedAttributes, a.records?.attributeSet].some((n) => n !== undefined && this.selects(n, seen)));
  }
}

/** The attribute as the nlkit-select case for selector value `sel` (name or number) reads it. */
function selectedCase(ir: FamilyIR, a: AttrIR, sel: unknown): AttrIR {
  const { select, ...declared } = a;
  const e = select!.enum !== undefined ? ir.enums.find((x) => x.name === select!.enum) : undefined;
  const named = typeof sel === 'number' ? (e?.entries.find((en) => en.value === sel)?.name ?? String(sel)) : String(sel);
  const c = select!.cases.find((x) => x.value === named);
  if (!c) return declared;
  const { value: _v, ...override } = c;
  return { ...declared, ...override };
}

/** The selector value that picks sub-message format `value`: its text for strings and enum names, else the number. */
function selectorValue(sel: AttrIR, value: string): string | number {
  return sel.type === 'string' || !/^-?[0-9]+$/.test(value) ? value : Number(value);
}

/** `value` cut down to what `op`'s request in `mode` takes: its listed attributes and the fixed header. */
export function requestPart(op: OperationIR, mode: 'do' | 'dump', value: Record<string, unknown>): Record<string, unknown> {
  const takes = new Set((op[mode]?.request?.attributes ?? []).map(memberName));
  return Object.fromEntries(Object.entries(value).filter(([k]) => takes.has(k) || k === 'header' || k === 'fixedHeader'));
}

/** A DecodeError from any copy of @nlkit/core (src or dist): recognised by its code. */
export function isDecodeError(err: unknown): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === 'ERR_NLKIT_DECODE';
}

export interface OracleStats {
  inputs: number;
  decoded: number;
  decodeErrors: number;
  maxMs: number;
}

export function newStats(): OracleStats {
  return { inputs: 0, decoded: 0, decodeErrors: 0, maxMs: 0 };
}

/**
 * Runs one decode: it must return or throw a DecodeError. Anything else (a RangeError from a
 * DataView, a TypeError, a hang) is rethrown with the input in hex so the case can be replayed.
 */
export function oracle(stats: OracleStats, input: Uint8Array, what: string, fn: () => unknown): void {
  stats.inputs++;
  const t0 = performance.now();
  try {
    fn();
    stats.decoded++;
  } catch (err) {
    if (!isDecodeError(err)) {
      const e = new Error(`${what}: ${(err as Error)?.name}: ${(err as Error)?.message} on input ${Buffer.from(input).toString('hex')}`);
      (e as { cause?: unknown }).cause = err;
      throw e;
    }
    stats.decodeErrors++;
  }
  const ms = performance.now() - t0;
  if (ms > stats.maxMs) stats.maxMs = ms;
  if (ms > 1000) throw new Error(`${what}: one decode took ${ms.toFixed(0)} ms on input ${Buffer.from(input).toString('hex').slice(0, 400)}`);
}
