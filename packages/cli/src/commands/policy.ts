/**
 * `nlkit policy <family> [<op>]`: the kernel's own policy for a generic netlink family
 * (CTRL_CMD_GETPOLICY), with attribute names taken from the schema.
 */
import {
  Session, GenlResolver, MessageBuilder, walkAttrs, readPolicy, stringBytes, genlBody,
  GENL_ID_CTRL, GENL_HDRLEN, NETLINK_GENERIC, CTRL_CMD_GETPOLICY, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_FAMILY_ID,
  CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY, CTRL_ATTR_OP, type AttrPolicy,
} from '@nlkit/core';
import type { AttrIR, FamilyIR } from '@nlkit/ir';
import { HELP } from '../help.js';
import { outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { Sink, writeJson } from '../output/json.js';
import { palette, type Palette } from '../output/pretty.js';
import { UsageError } from '../errors.js';

const CTRL_ATTR_POLICY_DO = 1;
const CTRL_ATTR_POLICY_DUMP = 2;
const GENL_CMD_CAP_HASPOL = 0x08;

export interface PolicyAttr extends AttrPolicy {
  attr: number;
  name?: string;
}

export interface PolicyReport {
  family: string;
  id: number;
  operations: Array<{ name: string; cmd: number; do?: number; dump?: number }>;
  policies: Array<{ index: number; attributeSet?: string; attributes: PolicyAttr[] }>;
}

export async function policyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { netns: { type: 'string' }, output: { type: 'string', short: 'o' } }, 'policy');
  if (values.help) {
    process.stdout.write(HELP.policy!);
    return 0;
  }
  const words = values.spec ? positionals : positionals.slice(1);
  const family = values.spec ? undefined : positionals[0];
  if (words.length > 1) throw new UsageError(`unexpected argument "${words[1]}"`, 'policy');
  const fmt = outputFormat(values.output, ['pretty', 'json'], 'pretty', 'policy');
  const { ir } = loadFamily({ spec: values.spec, family });
  if (ir.protocol === 'netlink-raw') throw new UsageError(`${ir.name} is a ${ir.protocol} family; policies can be read only for generic netlink families`, 'policy');
  const opName = words[0];
  const op = opName !== undefined ? ir.operations.find((o) => o.name === opName) : undefined;
  if (opName !== undefined && (!op || op.requestValue === undefined || (!op.do && !op.dump))) {
    throw new UsageError(`${ir.name} has no request operation "${opName}" (known: ${ir.operations.filter((o) => o.do || o.dump).map((o) => o.name).join(', ')})`, 'policy');
  }

  const session = await Session.open({ protocol: NETLINK_GENERIC, netns: values.netns });
  let report: PolicyReport;
  try {
    const info = await GenlResolver.for(session).resolve(ir.name);
    // Ops that have a policy, in the kernel's order: the order of CTRL_ATTR_OP_POLICY entries.
    const withPolicy = info.ops.filter((o) => (o.flags & GENL_CMD_CAP_HASPOL) !== 0).map((o) => o.id);
    report = await readFamilyPolicy(session, ir, info.id, op?.requestValue, withPolicy);
  } finally {
    session.close();
  }
  const sink = new Sink();
  if (fmt === 'json') await writeJson(sink, report);
  else await sink.write(renderPolicy(report, palette(process.stdout)));
  return 0;
}

/** Dumps the policy and names it with the schema. */
export async function readFamilyPolicy(session: Session, ir: FamilyIR, familyId: number, cmd?: number, opOrder: number[] = []): Promise<PolicyReport> {
  const b = new MessageBuilder(64);
  b.attr(CTRL_ATTR_FAMILY_NAME, stringBytes(ir.name));
  if (cmd !== undefined) {
    const v = new Uint8Array(4);
    new DataView(v.buffer).setUint32(0, cmd, true);
    b.attr(CTRL_ATTR_OP, v);
  }
  const policies = new Map<number, Map<number, AttrPolicy>>();
  const opPolicy = new Map<number, { do?: number; dump?: number }>();
  let id = familyId;
  let opEntries = 0;
  const msg = { type: GENL_ID_CTRL, body: genlBody(CTRL_CMD_GETPOLICY, 1, b.finish()) };
  for await (const m of session.dump(msg, { operation: `nlctrl getpolicy ${ir.name}` })) {
    const dv = new DataView(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
    walkAttrs(m.buf, m.start + GENL_HDRLEN, m.end, (type, s, e) => {
      if (type === CTRL_ATTR_FAMILY_ID && e - s >= 2) id = dv.getUint16(s, true);
      else if (type === CTRL_ATTR_POLICY) {
        walkAttrs(m.buf, s, e, (idx, ps, pe) => {
          const attrs = policies.get(idx) ?? new Map<number, AttrPolicy>();
          policies.set(idx, attrs);
          walkAttrs(m.buf, ps, pe, (attr, as, ae) => attrs.set(attr, readPolicy(m.buf, as, ae)));
        });
      } else if (type === CTRL_ATTR_OP_POLICY) {
        walkAttrs(m.buf, s, e, (reported, os, oe) => {
          // Kernels name a dump-only op's entry with cmd 0 (they take the cmd from the absent
          // do half): the requested op, or the op at this position in getfamily's list, is meant.
          const position = opEntries++;
          let opCmd = reported;
          if (reported === 0 && !ir.operations.some((o) => o.requestValue === 0 && (o.do || o.dump))) {
            if (cmd !== undefined) opCmd = cmd;
            else if (opOrder[position] !== undefined) opCmd = opOrder[position]!;
          }
          const entry = opPolicy.get(opCmd) ?? {};
          walkAttrs(m.buf, os, oe, (t, vs, ve) => {
            if (ve - vs < 4) return;
            if (t === CTRL_ATTR_POLICY_DO) entry.do = dv.getUint32(vs, true);
            else if (t === CTRL_ATTR_POLICY_DUMP) entry.dump = dv.getUint32(vs, true);
          });
          opPolicy.set(opCmd, entry);
        });
      }
    });
  }

  // Which attribute set each policy describes: ops' sets, then nests, followed to a fixpoint.
  const setOf = new Map<number, string>();
  const operations: PolicyReport['operations'] = [];
  for (const [opCmd, p] of [...opPolicy].sort((a, b) => a[0] - b[0])) {
    const op = ir.operations.find((o) => o.requestValue === opCmd && (o.do || o.dump));
    operations.push({ name: op?.name ?? `cmd-${opCmd}`, cmd: opCmd, ...p });
    if (op?.attributeSet) {
      if (p.do !== undefined && !setOf.has(p.do)) setOf.set(p.do, op.attributeSet);
      if (p.dump !== undefined && !setOf.has(p.dump)) setOf.set(p.dump, op.attributeSet);
    }
  }
  if (!opPolicy.size && policies.has(0) && ir.operations.length) {
    // Old-style families with one policy for every op.
    const first = ir.operations.find((o) => o.attributeSet && (o.do || o.dump));
    if (first?.attributeSet) setOf.set(0, first.attributeSet);
  }
  const attrIn = (setName: string, t: number): AttrIR | undefined => ir.attributeSets.find((s) => s.name === setName)?.attrs.find((a) => a.value === t);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [idx, attrs] of policies) {
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
    id,
    operations,
    policies: [...policies].sort((a, b) => a[0] - b[0]).map(([index, attrs]) => {
      const setName = setOf.get(index);
      return {
        index,
        ...(setName ? { attributeSet: setName } : {}),
        attributes: [...attrs].sort((a, b) => a[0] - b[0]).map(([attr, p]) => {
          const name = setName ? attrIn(setName, attr)?.name : undefined;
          return { attr, ...(name ? { name } : {}), type: p.type, ...p };
        }),
      };
    }),
  };
}

function num(v: bigint | number): string {
  return String(v);
}

/** One attribute's policy in words: `u32 range 0..255`, `nul-string max length 16`. */
export function describePolicy(p: AttrPolicy): string {
  const parts: string[] = [p.type ?? 'unknown'];
  if (p.minValue !== undefined || p.maxValue !== undefined) parts.push(`range ${p.minValue !== undefined ? num(p.minValue) : ''}..${p.maxValue !== undefined ? num(p.maxValue) : ''}`);
  if (p.minLength !== undefined && p.maxLength !== undefined) parts.push(p.minLength === p.maxLength ? `length ${p.minLength}` : `length ${p.minLength}..${p.maxLength}`);
  else if (p.maxLength !== undefined) parts.push(`max length ${p.maxLength}`);
  else if (p.minLength !== undefined) parts.push(`min length ${p.minLength}`);
  if (p.mask !== undefined) parts.push(`mask 0x${BigInt(p.mask).toString(16)}`);
  if (p.bitfield32Mask !== undefined) parts.push(`valid bits 0x${p.bitfield32Mask.toString(16)}`);
  if (p.policyIndex !== undefined) parts.push(`→ policy ${p.policyIndex}${p.policyMaxType !== undefined ? ` (max type ${p.policyMaxType})` : ''}`);
  return parts.join('  ');
}

export function renderPolicy(r: PolicyReport, p: Palette): string {
  const lines: string[] = [p.head(r.family) + p.dim(` (generic netlink family id ${r.id})`)];
  if (r.operations.length) {
    lines.push('', p.head('operations'));
    const w = Math.max(...r.operations.map((o) => o.name.length));
    for (const o of r.operations) {
      const modes = [o.do !== undefined ? `do: policy ${o.do}` : '', o.dump !== undefined ? `dump: policy ${o.dump}` : ''].filter(Boolean).join('   ');
      lines.push(`  ${p.key(o.name.padEnd(w))}  ${modes || p.dim('(no policy)')}`);
    }
  }
  for (const pol of r.policies) {
    lines.push('', p.head(`policy ${pol.index}`) + (pol.attributeSet ? p.dim(` (attribute set ${pol.attributeSet})`) : ''));
    const nw = Math.max(0, ...pol.attributes.map((a) => (a.name ?? '').length));
    const iw = Math.max(...pol.attributes.map((a) => String(a.attr).length));
    for (const a of pol.attributes) {
      lines.push(`  ${p.dim(String(a.attr).padStart(iw))}  ${p.key((a.name ?? '?').padEnd(nw))}  ${describePolicy(a)}`);
    }
  }
  return lines.join('\n') + '\n';
}
