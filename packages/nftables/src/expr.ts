/**
 * Small builders for the common expressions, so a rule reads close to nft's own syntax:
 *
 *   rule(meta('l4proto'), cmp('eq', [6]), payload('transport-header', 2, 2), cmp('eq', [0, 22]), counter(), accept())
 *
 * Each returns a plain ExprAttrsInput (the discriminated union by name); any expression can
 * also be written out by hand. Values are bytes in network order, as the kernel compares them.
 */
import type { CmpOps, CtKeys, ExprAttrs, ExprAttrsInput, MetaKeys, PayloadBase, Registers, RuleAttrsInput } from './gen/nftables.js';

type Bytes = Uint8Array | number[];
const bytes = (b: Bytes) => (b instanceof Uint8Array ? b : Uint8Array.from(b));

/** The `expressions` attribute of a rule from a list of expressions. */
export function rule(...exprs: ExprAttrsInput[]): NonNullable<RuleAttrsInput['expressions']> {
  return { elem: exprs };
}

export function payload(base: PayloadBase, offset: number, len: number, dreg: Registers = 'reg-1'): ExprAttrsInput {
  return { name: 'payload', data: { dreg, base, offset, len } };
}

export function meta(key: MetaKeys, dreg: Registers = 'reg-1'): ExprAttrsInput {
  return { name: 'meta', data: { key, dreg } };
}

export function ct(key: CtKeys, dreg: Registers = 'reg-1'): ExprAttrsInput {
  return { name: 'ct', data: { key, dreg } };
}

export function cmp(op: CmpOps, value: Bytes, sreg: Registers = 'reg-1'): ExprAttrsInput {
  return { name: 'cmp', data: { sreg, op, data: { value: bytes(value) } } };
}

/** reg = (reg & mask) ^ xor, over len bytes. */
export function bitwise(mask: Bytes, xor: Bytes, reg: Registers = 'reg-1'): ExprAttrsInput {
  const m = bytes(mask);
  return { name: 'bitwise', data: { sreg: reg, dreg: reg, len: m.length, op: 'mask-xor', mask: { value: m }, xor: { value: bytes(xor) } } };
}

/** Matches when the register is (op 'eq') or is not (op 'neq') within [from, to]. */
export function range(op: 'eq' | 'neq', from: Bytes, to: Bytes, sreg: Registers = 'reg-1'): ExprAttrsInput {
  return { name: 'range', data: { sreg, op, fromData: { value: bytes(from) }, toData: { value: bytes(to) } } };
}

/** Looks the register up in a named set; with dreg 'verdict' it is a verdict map lookup. */
export function lookup(set: string, options: { sreg?: Registers; dreg?: Registers; invert?: boolean } = {}): ExprAttrsInput {
  return { name: 'lookup', data: { set, sreg: options.sreg ?? 'reg-1', ...(options.dreg ? { dreg: options.dreg } : {}), ...(options.invert ? { flags: ['invert'] } : {}) } };
}

export function counter(): ExprAttrsInput {
  return { name: 'counter', data: { bytes: 0n, packets: 0n } };
}

/** A named object (counter, quota, limit, ...) updated by the rule. */
export function objref(type: 'counter' | 'quota' | 'limit' | 'connlimit' | 'ct-helper' | 'secmark', name: string): ExprAttrsInput {
  return { name: 'objref', data: { immType: type, immName: name } };
}

export function immediate(value: Bytes, dreg: Registers = 'reg-1'): ExprAttrsInput {
  return { name: 'immediate', data: { dreg, data: { value: bytes(value) } } };
}

const verdict = (code: 'accept' | 'drop' | 'return' | 'continue' | 'jump' | 'goto', chain?: string): ExprAttrsInput =>
  ({ name: 'immediate', data: { dreg: 'verdict', data: { verdict: chain === undefined ? { code } : { code, chain } } } });

export const accept = (): ExprAttrsInput => verdict('accept');
export const drop = (): ExprAttrsInput => verdict('drop');
/** Return to the calling chain. */
export const ret = (): ExprAttrsInput => verdict('return');
export const jump = (chain: string): ExprAttrsInput => verdict('jump', chain);
export const goto = (chain: string): ExprAttrsInput => verdict('goto', chain);

/** The decoded expression of one kind: `data` is that kind's attributes. */
export type ExprOf<N extends string> = Extract<ExprAttrs, { name: N }>;

/**
 * Narrows a decoded expression to one kind. Checking `name` alone leaves `data` possibly raw
 * bytes (the union keeps a member for kinds this schema does not know); this checks both.
 */
export function is<N extends NonNullable<ExprOf<string>['name']>>(e: ExprAttrs | undefined, name: N): e is ExprOf<N> {
  return e !== undefined && e.name === name && !(e.data instanceof Uint8Array);
}
