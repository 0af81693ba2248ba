/**
 * One naming rule, shared by the generator and the spec runtime, so generated types and the
 * CLI's JSON use the same property names: camelCase members, PascalCase types.
 */
import type { AttrSetIR, FamilyIR, OperationIR } from './index.js';

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
}

/**
 * Names already turned into member names. The runtime asks on hot paths (a selector's key for
 * every attribute it selects, request spellings), and the answer never changes. Schema names
 * are few; past the cap (input from elsewhere) names are computed without being kept.
 */
const memberNames = new Map<string, string>();
const MEMBER_NAME_CACHE = 4096;

/** `ifi-index` → `ifiIndex`, `fq_codel` → `fqCodel`, `8021q` → `_8021q`. */
export function memberName(name: string): string {
  let out = memberNames.get(name);
  if (out !== undefined) return out;
  const w = words(name);
  out = w.length === 0 ? '_' : w[0]!.toLowerCase() + w.slice(1).map(capitalize).join('');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  if (memberNames.size < MEMBER_NAME_CACHE) memberNames.set(name, out);
  return out;
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
