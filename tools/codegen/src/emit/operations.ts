/**
 * Operations: request and reply types per mode (the op's attribute lists picked from its set),
 * byte-level encode/decode functions, and the family's notification union.
 */
import { UNKNOWN_KEY, headerKey, memberName, typeName, type MessageIR, type OperationIR } from '@nlkit/ir';
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { Ctx, Dir } from './context.js';
import { docs, lit } from './docs.js';

export interface OpNames {
  op: OperationIR;
  doRequest?: string;
  doReply?: string;
  dumpRequest?: string;
  dumpReply?: string;
  notification?: string;
  encode?: string;
  decodeReply?: string;
  decodeDumpReply?: string;
  decodeNotification?: string;
}

/** Claims every per-op name up front, in op order. */
export function opNames(ctx: Ctx): OpNames[] {
  const n = ctx.names;
  return ctx.ir.operations.map((op) => {
    const t = typeName(op.name);
    const r: OpNames = { op };
    if (op.do) r.doRequest = n.claim(`${t}Request`, '_');
    if (op.do?.reply) r.doReply = n.claim(`${t}Reply`, '_');
    if (op.dump) r.dumpRequest = n.claim(`${t}DumpRequest`, '_');
    if (op.dump?.reply) r.dumpReply = n.claim(`${t}DumpReply`, '_');
    if (op.notification) r.notification = n.claim(`${t}Notification`, '_');
    if (op.do || op.dump) r.encode = n.claim(`encode${t}Request`, '_');
    if (op.do?.reply) r.decodeReply = n.claim(`decode${t}Reply`, '_');
    if (op.dump?.reply) r.decodeDumpReply = n.claim(`decode${t}DumpReply`, '_');
    if (op.notification) r.decodeNotification = n.claim(`decode${t}Notification`, '_');
    return r;
  });
}

/** The object type of one message of `op` carrying the attributes in `msg`. */
export function messageType(ctx: Ctx, op: OperationIR, msg: MessageIR | undefined, dir: Dir): string {
  const parts: string[] = [];
  const info = op.attributeSet !== undefined ? ctx.sets.get(op.attributeSet) : undefined;
  const st = op.fixedHeader !== undefined ? ctx.structs.get(op.fixedHeader) : undefined;
  if (st) {
    const hk = headerKey(info?.set);
    parts.push(dir === 'out' ? `{ ${hk}: ${st.type.out} }` : `{ ${hk}?: ${st.type.in} | Uint8Array }`);
  }
  if (info) {
    const wanted = new Set((msg?.attributes ?? []).map(memberName));
    const plain = info.attrs.filter((a) => wanted.has(memberName(a.name)) && !info.groups.some((g) => g.selector === a || g.members.includes(a)));
    const keys = [...plain.map((a) => lit(memberName(a.name))), lit(UNKNOWN_KEY)];
    parts.push(`$Select<${info.base[dir]}, ${keys.join(' | ')}>`);
    for (const g of info.groups) {
      if ([g.selector, ...g.members].some((a) => wanted.has(memberName(a.name)))) parts.push(g.type[dir]);
    }
  }
  return parts.length ? parts.join(' & ') : 'Record<string, never>';
}

export function emitOperations(ctx: Ctx, ops: OpNames[]): StatementStructures[] {
  const out: StatementStructures[] = [];
  const rt = ctx.fam.runtime;
  const alias = (name: string | undefined, type: string, doc: string, opDoc?: string) => {
    if (name) out.push({ kind: StructureKind.TypeAlias, isExported: true, name, type, docs: docs(opDoc, doc) });
  };
  for (const n of ops) {
    const op = n.op;
    const on = lit(op.name);
    alias(n.doRequest, messageType(ctx, op, op.do?.request, 'in'), `Request of \`${op.name}\` (do).`, op.doc);
    alias(n.doReply, messageType(ctx, op, op.do?.reply, 'out'), `Reply to \`${op.name}\` (do).`);
    alias(n.dumpRequest, messageType(ctx, op, op.dump?.request, 'in'), `Request of \`${op.name}\` (dump).`, op.doc);
    alias(n.dumpReply, messageType(ctx, op, op.dump?.reply, 'out'), `One reply of a \`${op.name}\` dump.`);
    alias(n.notification, messageType(ctx, op, op.notification, 'out'), `Notification \`${op.name}\`.`, op.doc);
    if (n.encode) {
      const modes: Array<['do' | 'dump', string]> = [];
      if (n.doRequest) modes.push(['do', n.doRequest]);
      if (n.dumpRequest) modes.push(['dump', n.dumpRequest]);
      const first = modes[0]![0];
      out.push({
        kind: StructureKind.Function,
        isExported: true,
        name: n.encode,
        overloads: modes.map(([mode, type], i) => ({
          docs: i === 0 ? docs(`Encodes a \`${op.name}\` request as a whole netlink message (nlmsghdr included).`) : undefined,
          parameters: [
            { name: 'value', type },
            { name: 'mode', type: lit(mode), hasQuestionToken: mode === first },
            { name: 'opts', type: '$EncodeOptions', hasQuestionToken: true },
          ],
          returnType: 'Uint8Array',
        })),
        parameters: [
          { name: 'value', type: modes.map((m) => m[1]).join(' | ') },
          { name: 'mode', type: modes.map((m) => lit(m[0])).join(' | '), initializer: lit(first) },
          { name: 'opts', type: '$EncodeOptions', initializer: '{}' },
        ],
        returnType: 'Uint8Array',
        statements: [`return ${rt}.encodeRequestBytes(${on}, mode, value, opts);`],
      });
    }
    const decoder = (name: string | undefined, type: string | undefined, what: string, fn: string) => {
      if (!name || !type) return;
      out.push({
        kind: StructureKind.Function,
        isExported: true,
        name,
        docs: docs(`Decodes the first message in \`bytes\` as ${what}.`),
        parameters: [{ name: 'bytes', type: 'Uint8Array' }],
        returnType: type,
        statements: [`return ${fn}(${rt}, ${on}, bytes);`],
      });
    };
    decoder(n.decodeReply, n.doReply, `a \`${op.name}\` reply`, '$decodeDoReply');
    decoder(n.decodeDumpReply, n.dumpReply, `a \`${op.name}\` dump reply`, '$decodeDumpReply');
    decoder(n.decodeNotification, n.notification, `a \`${op.name}\` notification`, '$decodeNotification');
  }
  const ntf = ops.filter((n) => n.notification);
  out.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: ctx.fam.notification,
    type: ntf.length ? ntf.map((n) => `$Notification<${lit(n.op.name)}, ${n.notification}>`).join(' | ') : 'never',
    docs: docs(`Notifications of \`${ctx.ir.name}\`, discriminated by \`name\`.`),
  });
  out.push(familyTypes(ctx, ops));
  out.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: ctx.fam.group,
    type: ctx.ir.mcastGroups.length ? ctx.ir.mcastGroups.map((g) => lit(g.name)).join(' | ') : 'never',
    docs: docs(`Multicast groups of \`${ctx.ir.name}\`, for \`notifications()\`.`),
  });
  return out;
}

/**
 * The family at the type level (core's `FamilyTypes`): message types per operation and mode, and
 * notifications by name. The runtime and client are generic over it, so nothing here needs a cast.
 */
function familyTypes(ctx: Ctx, ops: OpNames[]): StatementStructures {
  const opLines: string[] = [];
  for (const n of ops) {
    const parts: string[] = [];
    if (n.doRequest) parts.push(`doRequest: ${n.doRequest};`);
    if (n.doRequest && n.doReply) parts.push(`doReply: ${n.doReply};`);
    if (n.dumpRequest) parts.push(`dumpRequest: ${n.dumpRequest};`, `dumpReply: ${n.dumpReply ?? 'Record<string, unknown>'};`);
    if (parts.length) opLines.push(`    ${lit(n.op.name)}: { ${parts.join(' ')} };`);
  }
  const ntfLines = ops.filter((n) => n.notification).map((n) => `    ${lit(n.op.name)}: ${n.notification};`);
  const block = (lines: string[]) => (lines.length ? `{\n${lines.join('\n')}\n  }` : '{}');
  return {
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: ctx.fam.types,
    type: `{\n  ops: ${block(opLines)};\n  notifications: ${block(ntfLines)};\n}`,
    docs: docs(`\`${ctx.ir.name}\` at the type level: request and reply types per operation and mode, notifications by name.`),
  };
}
