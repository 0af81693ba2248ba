/**
 * Policy introspection (CTRL_CMD_GETPOLICY): what the kernel accepts for each attribute of a
 * genetlink family, decoded into a readable form and, with the family's IR, named.
 */
import type { AttrIR, FamilyIR } from '@nlkit/ir';
import type { Session } from '../session/session.js';
import { MessageBuilder, walkAttrs } from '../wire/attrs.js';
import { readPolicy, type AttrPolicy } from '../wire/policy.js';
import { stringBytes } from '../wire/scalars.js';
import { GENL_HDRLEN, GENL_ID_CTRL } from '../wire/constants.js';
import {
  CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_OP, CTRL_ATTR_OP_POLICY, CTRL_ATTR_POLICY, CTRL_CMD_GETPOLICY,
  GenlResolver, genlBody,
} from './resolver.js';

export { describePolicy } from './policy-text.js';

const CTRL_ATTR_POLICY_DO = 1;
const CTRL_ATTR_POLICY_DUMP = 2;
const GENL_CMD_CAP_HASPOL = 0x08;

export interface FamilyPolicy {
  family: string;
  id: number;
  /** Per operation (genl cmd): the policy index used for do and for dump. */
  ops: Map<number, { do?: number; dump?: number }>;
  /** Per policy index: attribute type → policy. */
  policies: Map<number, Map<number, AttrPolicy>>;
}

/**
 * Dumps a family's policies, for every op or for one (`cmd`). Kernels label a dump-only op's
 * entry with cmd 0 (they take the cmd from the absent do half); such an entry is given the
 * requested cmd, or the cmd at its position among the family's ops that have a policy.
 */
export async function getFamilyPolicy(session: Session, family: string, cmd?: number): Promise<FamilyPolicy> {
  const info = await GenlResolver.for(session).resolve(family);
  const withPolicy = info.ops.filter((o) => (o.flags & GENL_CMD_CAP_HASPOL) !== 0).map((o) => o.id);
  const cmdZeroExists = info.ops.some((o) => o.id === 0);
  const b = new MessageBuilder(64);
  b.attr(CTRL_ATTR_FAMILY_NAME, stringBytes(family));
  if (cmd !== undefined) {
    const v = new Uint8Array(4);
    new DataView(v.buffer).setUint32(0, cmd, true);
    b.attr(CTRL_ATTR_OP, v);
  }
  const out: FamilyPolicy = { family, id: info.id, ops: new Map(), policies: new Map() };
  let position = 0;
  const msg = { type: GENL_ID_CTRL, body: genlBody(CTRL_CMD_GETPOLICY, 1, b.finish()) };
  for await (const m of session.dump(msg, { operation: `nlctrl getpolicy ${family}` })) {
    const dv = new DataView(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
    walkAttrs(m.buf, m.start + GENL_HDRLEN, m.end, (type, s, e) => {
      if (type === CTRL_ATTR_FAMILY_ID && e - s >= 2) out.id = dv.getUint16(s, true);
      else if (type === CTRL_ATTR_POLICY) {
        walkAttrs(m.buf, s, e, (idx, ps, pe) => {
          const table = out.policies.get(idx) ?? new Map<number, AttrPolicy>();
          out.policies.set(idx, table);
          walkAttrs(m.buf, ps, pe, (attrType, as, ae) => table.set(attrType, readPolicy(m.buf, as, ae)));
        });
      } else if (type === CTRL_ATTR_OP_POLICY) {
        walkAttrs(m.buf, s, e, (reported, os, oe) => {
          const at = position++;
          let opCmd = reported;
          if (reported === 0 && !cmdZeroExists) opCmd = cmd ?? withPolicy[at] ?? 0;
          const entry = out.ops.get(opCmd) ?? {};
          walkAttrs(m.buf, os, oe, (t, vs, ve) => {
            if (ve - vs < 4) return;
            if (t === CTRL_ATTR_POLICY_DO) entry.do = dv.getUint32(vs, true);
            else if (t === CTRL_ATTR_POLICY_DUMP) entry.dump = dv.getUint32(vs, true);
          });
          out.ops.set(opCmd, entry);
        });
      }
    });
  }
  return out;
}

export interface PolicyAttr extends AttrPolicy {
  attr: number;
  /** The attribute's schema name, when the schema knows it. */
  name?: string;
}

/** A family's policy, named with its schema: what `nlkit policy` prints. */
export interface PolicyReport {
  family: string;
  id: number;
  operations: Array<{ name: string; cmd: number; do?: number; dump?: number }>;
  policies: Array<{ index: number; attributeSet?: string; attributes: PolicyAttr[] }>;
}

/**
 * Names a dumped policy with the family's IR: operations by name, and each policy table by the
 * attribute set it describes (ops' sets first, then nests followed to a fixpoint).
 */
export function describeFamilyPolicy(policy: FamilyPolicy, ir: FamilyIR): PolicyReport {
  const setOf = new Map<number, string>();
  const operations: PolicyReport['operations'] = [];
  for (const [opCmd, p] of [...policy.ops].sort((a, b) => a[0] - b[0])) {
    const op = ir.operations.find((o) => o.requestValue === opCmd && (o.do || o.dump));
    operations.push({ name: op?.name ?? `cmd-${opCmd}`, cmd: opCmd, ...p });
    if (op?.attributeSet) {
      if (p.do !== undefined && !setOf.has(p.do)) setOf.set(p.do, op.attributeSet);
      if (p.dump !== undefined && !setOf.has(p.dump)) setOf.set(p.dump, op.attributeSet);
    }
  }
  if (!policy.ops.size && policy.policies.has(0)) {
    // Old-style families with one policy for every op.
    const first = ir.operations.find((o) => o.attributeSet && (o.do || o.dump));
    if (first?.attributeSet) setOf.set(0, first.attributeSet);
  }
  const attrIn = (setName: string, t: number): AttrIR | undefined => ir.attributeSets.find((s) => s.name === setName)?.attrs.find((a) => a.value === t);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [idx, attrs] of policy.policies) {
      const setName = setOf.get(idx);
      if (!setName) continue;
      for (const [t, p] of attrs) {
        if (p.policyIndex === undefined || setOf.has(p.policyIndex)) continue;
        const a = attrIn(setName, t);
        if (a?.nestedAttributes) {
          setOf.set(p.policyIndex, a.nestedAttributes);
          changed = true;
        }
      }
    }
  }
  return {
    family: ir.name,
    id: policy.id,
    operations,
    policies: [...policy.policies].sort((a, b) => a[0] - b[0]).map(([index, attrs]) => {
      const setName = setOf.get(index);
      return {
        index,
        ...(setName ? { attributeSet: setName } : {}),
        attributes: [...attrs].sort((a, b) => a[0] - b[0]).map(([attr, p]) => {
          const name = setName ? attrIn(setName, attr)?.name : undefined;
          return { attr, ...(name ? { name } : {}), ...p };
        }),
      };
    }),
  };
}
