/**
 * Every number a schema puts on the wire, checked against the field that carries it: a value
 * that does not fit would be truncated silently (`value: 70000` goes out as attribute 4464).
 *
 *   attribute ids    14 bits (nla_type without NLA_F_NESTED / NLA_F_NET_BYTEORDER)
 *   message ids      16 bits (nlmsg_type) for netlink-raw, 8 bits (genlmsghdr.cmd) for genetlink
 *   protonum         0..31 (the kernel's MAX_LINKS is 32)
 *   version          8 bits (genlmsghdr.version)
 *   enum values      exact integers; a plain enum's values fit every integer field that uses it
 *                    (flags may be carried in part by a narrower field, as ifa_flags is)
 *   struct sizes     64 KiB, the most an attribute or a message header can hold
 *   check bounds     the attribute's own type; lengths 64 KiB
 *   mcast groups     1..2^32-1 (NETLINK_ADD_MEMBERSHIP takes a u32, 0 is no group)
 */
import type { Protocol } from '@nlkit/ir';
import type { DocPath } from './errors.js';
import { numberOf, type Context } from './resolve/context.js';
import { attrNumbers, entryNumbers, isNotification, opNumbers } from './resolve/numbering.js';
import { StructLayouts } from './resolve/structs.js';
import type { AttrSpec, ChecksSpec, OperationSpec } from './spec.js';

type Report = (path: DocPath, message: string, key?: boolean) => void;

export const MAX_ATTR_ID = 0x3fff;
export const MAX_PROTONUM = 31;
const MAX_LEN = 0xffff;

const INT_RANGE: Record<string, [bigint, bigint]> = {
  u8: [0n, 0xffn], u16: [0n, 0xffffn], u32: [0n, 0xffffffffn], u64: [0n, (1n << 64n) - 1n], uint: [0n, (1n << 64n) - 1n],
  s8: [-0x80n, 0x7fn], s16: [-0x8000n, 0x7fffn], s32: [-0x80000000n, 0x7fffffffn], s64: [-(1n << 63n), (1n << 63n) - 1n], sint: [-(1n << 63n), (1n << 63n) - 1n],
};

/** Whether `n` fits integer type `type` (`uint` and `sint` are 64-bit at most). */
export function fitsInt(type: string, n: number): boolean {
  const r = INT_RANGE[type];
  return r !== undefined && Number.isSafeInteger(n) && BigInt(n) >= r[0] && BigInt(n) <= r[1];
}

export function widthIssues(ctx: Context, protocol: Protocol, report: Report): void {
  const spec = ctx.spec;
  if (spec.protonum !== undefined && !(Number.isSafeInteger(spec.protonum) && spec.protonum >= 0 && spec.protonum <= MAX_PROTONUM)) {
    report(['protonum'], `protonum ${spec.protonum} is outside the kernel's netlink protocols 0..${MAX_PROTONUM}`);
  }
  if (spec.version !== undefined && !(Number.isSafeInteger(spec.version) && spec.version >= 0 && spec.version <= 0xff)) {
    report(['version'], `version ${spec.version} does not fit the 8-bit genlmsghdr version (0..255)`);
  }
  checkAttrIds(ctx, report);
  checkOpIds(ctx, protocol, report);
  checkEnums(ctx, report);
  checkStructs(ctx, report);
  (spec['mcast-groups']?.list ?? []).forEach((g, i) => {
    if (g.value !== undefined && !(Number.isSafeInteger(g.value) && g.value >= 1 && g.value <= 0xffffffff)) {
      report(['mcast-groups', 'list', i, 'value'], `group ${g.value} is outside 1..4294967295 (NETLINK_ADD_MEMBERSHIP takes a u32; 0 is no group)`);
    }
  });
}

function checkAttrIds(ctx: Context, report: Report): void {
  ctx.spec['attribute-sets'].forEach((set, i) => {
    if (set['subset-of'] !== undefined) return;
    attrNumbers(set).forEach((v, k) => {
      const a = set.attributes[k]!;
      if (Number.isSafeInteger(v) && v >= 0 && v <= MAX_ATTR_ID) return;
      const explicit = a.value !== undefined;
      report(
        explicit ? ['attribute-sets', i, 'attributes', k, 'value'] : ['attribute-sets', i, 'attributes', k],
        `attribute id ${v} of "${a.name}"${explicit ? '' : ' (previous + 1)'} does not fit the 14-bit nla_type (0..${MAX_ATTR_ID})`,
      );
    });
  });
}

/** Where an op's id for `dir` is written, when it is written at all. */
function idPath(op: OperationSpec, i: number, dir: 'request' | 'reply'): DocPath {
  const base: DocPath = ['operations', 'list', i];
  for (const m of ['do', 'dump'] as const) if (op[m]?.[dir]?.value !== undefined) return [...base, m, dir, 'value'];
  return op.value !== undefined ? [...base, 'value'] : base;
}

function checkOpIds(ctx: Context, protocol: Protocol, report: Report): void {
  const raw = protocol === 'netlink-raw';
  const max = raw ? 0xffff : 0xff;
  const field = raw ? '16-bit nlmsg_type' : '8-bit genlmsghdr cmd';
  const ops = ctx.spec.operations;
  opNumbers(ops).forEach((ids, i) => {
    const op = ops.list[i]!;
    for (const dir of ['request', 'reply'] as const) {
      const v = ids[dir];
      if (v === undefined || (Number.isSafeInteger(v) && v >= 0 && v <= max)) continue;
      const what = isNotification(op) ? 'notification' : dir;
      report(idPath(op, i, dir), `${what} id ${v} of "${op.name}" does not fit the ${field} (0..${max})`);
      break; // unified ids are shared: one report per operation
    }
  });
}

/** Integer-typed users of each enum: where they are and their type. */
function enumUsers(ctx: Context): Map<string, Array<{ path: DocPath; type: string; asFlags: boolean }>> {
  const users = new Map<string, Array<{ path: DocPath; type: string; asFlags: boolean }>>();
  const add = (name: string, path: DocPath, type: string | undefined, asFlags: boolean): void => {
    if (type === undefined || INT_RANGE[type] === undefined) return;
    let list = users.get(name);
    if (!list) users.set(name, (list = []));
    list.push({ path, type, asFlags });
  };
  (ctx.spec.definitions ?? []).forEach((d, i) => {
    (d.type === 'struct' ? d.members ?? [] : []).forEach((m, k) => {
      if (m.enum !== undefined) add(m.enum, ['definitions', i, 'members', k, 'enum'], m.type, m['enum-as-flags'] === true);
    });
  });
  ctx.spec['attribute-sets'].forEach((set, i) => {
    set.attributes.forEach((a, k) => {
      if (a.enum === undefined) return;
      const type = a.type ?? parentAttr(ctx, set.name, a)?.type;
      // A binary array of integers carries its enum in each element.
      add(a.enum, ['attribute-sets', i, 'attributes', k, 'enum'], type === 'binary' ? a['sub-type'] : type, a['enum-as-flags'] === true);
    });
  });
  return users;
}

function parentAttr(ctx: Context, setName: string, a: AttrSpec, depth = 0): AttrSpec | undefined {
  const parent = ctx.sets.get(ctx.sets.get(setName)?.['subset-of'] ?? '');
  const p = parent?.attributes.find((x) => x.name === a.name);
  if (!p || depth > 64) return undefined;
  return p.type !== undefined ? p : parentAttr(ctx, parent!.name, p, depth + 1);
}

function checkEnums(ctx: Context, report: Report): void {
  const users = enumUsers(ctx);
  (ctx.spec.definitions ?? []).forEach((def, i) => {
    if (def.type !== 'enum' && def.type !== 'flags') return;
    const base: DocPath = ['definitions', i];
    const start = def['value-start'] === undefined ? { ok: true as const, value: 0 } : numberOf(ctx, def['value-start']);
    if (!start.ok) return; // reported by the semantic checks
    const names = (def.entries ?? []).map((e) => (typeof e === 'string' ? e : e.name));
    const at = (k: number): DocPath => {
      const e = def.entries![k]!;
      return typeof e === 'object' && e.value !== undefined ? [...base, 'entries', k, 'value'] : [...base, 'entries', k];
    };
    const values = entryNumbers(def, start.value);
    values.forEach((v, k) => {
      if (!Number.isSafeInteger(v)) report(at(k), `value ${v} of "${names[k]}" is not an integer a schema can state exactly (|v| < 2^53)`);
    });
    if (def.type === 'flags') return;
    for (const u of users.get(def.name) ?? []) {
      if (u.asFlags) continue;
      const k = values.findIndex((v) => Number.isSafeInteger(v) && !fitsInt(u.type, v));
      if (k >= 0) report(u.path, `enum "${def.name}" has "${names[k]}" = ${values[k]}, which does not fit ${u.type}`);
    }
  });
}

function checkStructs(ctx: Context, report: Report): void {
  const layouts = new StructLayouts(ctx);
  (ctx.spec.definitions ?? []).forEach((def, i) => {
    if (def.type !== 'struct') return;
    (def.members ?? []).forEach((m, k) => {
      if (m.len === undefined) return;
      const n = numberOf(ctx, m.len);
      if (n.ok && !(Number.isSafeInteger(n.value) && n.value >= 0 && n.value <= MAX_LEN)) {
        report(['definitions', i, 'members', k, 'len'], `len ${n.value} of "${m.name}" is outside 0..${MAX_LEN}`);
      }
    });
    let size: number | undefined;
    try {
      size = layouts.get(def.name).ir.size;
    } catch {
      return; // reported by the semantic checks
    }
    if (size > MAX_LEN) report(['definitions', i], `struct "${def.name}" is ${size} bytes; a netlink attribute or header holds at most ${MAX_LEN}`);
  });
}

/** min/max within the attribute's type; lengths within 64 KiB. */
export function checkBounds(ctx: Context, c: ChecksSpec | undefined, type: string | undefined, path: DocPath, report: Report): void {
  if (c === undefined) return;
  for (const key of ['min', 'max'] as const) {
    if (c[key] === undefined || type === undefined || INT_RANGE[type] === undefined) continue;
    const n = numberOf(ctx, c[key], true);
    // u64-max and friends are not exact doubles: bounds of the type itself are always fine.
    if (n.ok && Number.isSafeInteger(n.value) && !fitsInt(type, n.value)) report([...path, key], `${key} ${n.value} does not fit ${type}`);
  }
  for (const key of ['min-len', 'max-len', 'exact-len'] as const) {
    if (c[key] === undefined) continue;
    const n = numberOf(ctx, c[key]);
    if (n.ok && !(Number.isSafeInteger(n.value) && n.value >= 0 && n.value <= MAX_LEN)) report([...path, key], `${key} ${n.value} is outside 0..${MAX_LEN}`);
  }
}
