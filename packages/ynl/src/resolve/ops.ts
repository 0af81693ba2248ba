/** Operations (ids, fixed headers, message attribute lists, notifications) and multicast groups. */
import type { McastGroupIR, MessageIR, OperationIR, OpModeIR } from '@nlkit/ir';
import type { MessageSpec, ModeSpec, OperationSpec } from '../spec.js';
import type { Context } from './context.js';
import { opNumbers } from './numbering.js';
import { clean, docOf } from './util.js';

function message(m: MessageSpec | undefined): MessageIR | undefined {
  return m === undefined ? undefined : { attributes: [...(m.attributes ?? [])] };
}

function mode(m: ModeSpec | undefined): OpModeIR | undefined {
  if (m === undefined) return undefined;
  return clean<OpModeIR>({ request: message(m.request), reply: message(m.reply) });
}

/** The attributes a `notify:` notification carries: the target's do reply, else its dump reply. */
function notifyAttributes(target: OperationSpec | undefined): MessageIR {
  const reply = target?.do?.reply ?? target?.dump?.reply;
  return { attributes: [...(reply?.attributes ?? [])] };
}

export function resolveOperations(ctx: Context): OperationIR[] {
  const ops = ctx.spec.operations;
  const ids = opNumbers(ops);
  return ops.list.map((op, i) => {
    const target = op.notify !== undefined ? ctx.ops.get(op.notify) : undefined;
    let notification: MessageIR | undefined;
    if (op.notify !== undefined) notification = notifyAttributes(target);
    else if (op.event !== undefined) notification = { attributes: [...(op.event.attributes ?? [])] };
    return clean<OperationIR>({
      name: op.name,
      doc: docOf(op.doc),
      attributeSet: op['attribute-set'] ?? target?.['attribute-set'],
      fixedHeader: op['fixed-header'] ?? target?.['fixed-header'] ?? ops['fixed-header'],
      requestValue: ids[i]!.request,
      replyValue: ids[i]!.reply,
      do: mode(op.do),
      dump: mode(op.dump),
      notification,
      mcgrp: op.mcgrp,
    });
  });
}

export function resolveMcastGroups(ctx: Context): McastGroupIR[] {
  return (ctx.spec['mcast-groups']?.list ?? []).map((g) => clean<McastGroupIR>({ name: g.name, value: g.value }));
}
