/**
 * Policy introspection (CTRL_CMD_GETPOLICY): what the kernel accepts for each attribute of a
 * genetlink family, decoded into a readable form and, with a family IR, named.
 */
import type { FamilyIR } from '@nlkit/ir';
import type { Session } from '../session/session.js';
import { MessageBuilder, walkAttrs } from '../wire/attrs.js';
import { readPolicy, type AttrPolicy } from '../wire/policy.js';
import { GENL_HDRLEN, GENL_ID_CTRL } from '../wire/constants.js';
import { CTRL_ATTR_FAMILY_ID, CTRL_ATTR_OP, CTRL_ATTR_OP_POLICY, CTRL_ATTR_POLICY, CTRL_CMD_GETPOLICY, GenlResolver, genlBody } from './resolver.js';

const CTRL_ATTR_POLICY_DO = 1;
const CTRL_ATTR_POLICY_DUMP = 2;

export interface FamilyPolicy {
  family: string;
  /** Per operation id: the policy index used for do and for dump. */
  ops: Map<number, { do?: number; dump?: number }>;
  /** Per policy index: attribute type → policy. */
  policies: Map<number, Map<number, AttrPolicy>>;
}

/** Dumps a family's policies (optionally for one op id). */
export async function getFamilyPolicy(session: Session, family: string, op?: number): Promise<FamilyPolicy> {
  const info = await GenlResolver.for(session).resolve(family);
  const b = new MessageBuilder(32);
  const fam = new Uint8Array(2);
  new DataView(fam.buffer).setUint16(0, info.id, true);
  b.attr(CTRL_ATTR_FAMILY_ID, fam);
  if (op !== undefined) {
    const v = new Uint8Array(4);
    new DataView(v.buffer).setUint32(0, op, true);
    b.attr(CTRL_ATTR_OP, v);
  }
  const out: FamilyPolicy = { family, ops: new Map(), policies: new Map() };
  for await (const m of session.dump({ type: GENL_ID_CTRL, body: genlBody(CTRL_CMD_GETPOLICY, 1, b.finish()) }, { operation: `nlctrl getpolicy ${family}` })) {
    const dv = new DataView(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
    walkAttrs(m.buf, m.start + GENL_HDRLEN, m.end, (type, s, e) => {
      if (type === CTRL_ATTR_POLICY) {
        walkAttrs(m.buf, s, e, (idx, ps, pe) => {
          const table = out.policies.get(idx) ?? new Map<number, AttrPolicy>();
          out.policies.set(idx, table);
          walkAttrs(m.buf, ps, pe, (attrType, as, ae) => table.set(attrType, readPolicy(m.buf, as, ae)));
        });
      } else if (type === CTRL_ATTR_OP_POLICY) {
        walkAttrs(m.buf, s, e, (opId, os, oe) => {
          const entry = out.ops.get(opId) ?? {};
          walkAttrs(m.buf, os, oe, (t, vs) => {
            if (t === CTRL_ATTR_POLICY_DO) entry.do = dv.getUint32(vs, true);
            else if (t === CTRL_ATTR_POLICY_DUMP) entry.dump = dv.getUint32(vs, true);
          });
          out.ops.set(opId, entry);
        });
      }
    });
  }
  return out;
}

export interface NamedAttrPolicy extends AttrPolicy {
  /** The attribute's schema name, or `attr-N` when the schema does not know it. */
  name: string;
  attrType: number;
  /** The nested attributes' policies, for nests. */
  nested?: NamedAttrPolicy[];
}

export interface NamedOpPolicy {
  op: string;
  do?: NamedAttrPolicy[];
  dump?: NamedAttrPolicy[];
}

/**
 * Names a dumped policy with the family's schema: operations by name, attributes by name,
 * nested policies expanded in place (cycles are cut).
 */
export function nameFamilyPolicy(policy: FamilyPolicy, ir: FamilyIR): NamedOpPolicy[] {
  const out: NamedOpPolicy[] = [];
  const ops = [...policy.ops.entries()].sort((a, b) => a[0] - b[0]);
  for (const [opId, idx] of ops) {
    const op = ir.operations.find((o) => o.requestValue === opId && (o.do || o.dump));
    const setName = op?.attributeSet;
    const entry: NamedOpPolicy = { op: op?.name ?? `op-${opId}` };
    if (idx.do !== undefined) entry.do = expand(policy, ir, idx.do, setName, new Set());
    if (idx.dump !== undefined) entry.dump = expand(policy, ir, idx.dump, setName, new Set());
    out.push(entry);
  }
  return out;
}

function expand(policy: FamilyPolicy, ir: FamilyIR, index: number, setName: string | undefined, seen: Set<number>): NamedAttrPolicy[] {
  const table = policy.policies.get(index);
  if (!table || seen.has(index)) return [];
  const inner = new Set(seen).add(index);
  const set = setName ? ir.attributeSets.find((s) => s.name === setName) : undefined;
  return [...table.entries()].sort((a, b) => a[0] - b[0]).map(([attrType, p]) => {
    const attr = set?.attrs.find((a) => a.value === attrType);
    const named: NamedAttrPolicy = { name: attr?.name ?? `attr-${attrType}`, attrType, ...p };
    if (p.policyIndex !== undefined) named.nested = expand(policy, ir, p.policyIndex, attr?.nestedAttributes, inner);
    return named;
  });
}
