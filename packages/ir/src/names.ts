/**
 * One naming rule, shared by the generator and the spec runtime, so generated types and the
 * CLI's JSON use the same property names: camelCase members, PascalCase types.
 */
import type { AttrSetIR, FamilyIR, OperationIR } from './index.js';

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

/** `ifi-index` → `ifiIndex`, `fq_codel` → `fqCodel`, `8021q` → `_8021q`. */
export function memberName(name: string): string {
  const w = words(name);
  if (w.length === 0) return '_';
  const out = w[0]!.toLowerCase() + w.slice(1).map(capitalize).join('');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** `rt-link` → `RtLink`, `2ghz` → `_2ghz`. */
export function typeName(name: string): string {
  const out = words(name).map(capitalize).join('');
  if (out.length === 0) return '_';
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
}

/** Key under which unknown attributes are kept in decoded objects. */
export const UNKNOWN_KEY = '$unknown';

/** Key of the bytes after a struct carried by an attribute, beyond what the struct describes. */
export const TAIL_KEY = '$tail';

/** Key of the bits of a bit-field member (nlkit-fields) that no field's mask covers. */
export function restKey(member: string): string {
  return `${memberName(member)}$rest`;
}

/**
 * Key of the fixed header inside a message object: `header`, unless the message's attribute
 * set has an attribute that is also called `header` (then `fixedHeader`).
 */
export function headerKey(set: AttrSetIR | undefined): 'header' | 'fixedHeader' {
  return set?.attrs.some((a) => memberName(a.name) === 'header') ? 'fixedHeader' : 'header';
}

export function findAttrSet(ir: FamilyIR, name: string | undefined): AttrSetIR | undefined {
  return name === undefined ? undefined : ir.attributeSets.find((s) => s.name === name);
}

export function findOperation(ir: FamilyIR, name: string): OperationIR | undefined {
  return ir.operations.find((o) => o.name === name);
}
