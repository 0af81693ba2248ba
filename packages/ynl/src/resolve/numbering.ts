/** Implicit numbering rules of YNL: enum entries, attribute ids, operation ids. */
import type { AttrSetSpec, DefinitionSpec, FamilySpec, OperationSpec } from '../spec.js';

/**
 * Raw values of enum/flags entries, in order: explicit `value`, else previous + 1, the first
 * one `start`. For flags these are bit numbers.
 */
export function entryNumbers(def: DefinitionSpec, start: number): number[] {
  const out: number[] = [];
  let next = start;
  for (const e of def.entries ?? []) {
    const v = typeof e === 'object' && e.value !== undefined ? e.value : next;
    out.push(v);
    next = v + 1;
  }
  return out;
}

/** Attribute ids of a (non-subset) set: 1 for the first unless given, then previous + 1. */
export function attrNumbers(set: AttrSetSpec): number[] {
  const out: number[] = [];
  let next = 1;
  for (const a of set.attributes) {
    const v = a.value ?? next;
    out.push(v);
    next = v + 1;
  }
  return out;
}

export interface OpIds {
  request?: number;
  reply?: number;
}

export function isNotification(op: OperationSpec): boolean {
  return op.notify !== undefined || op.event !== undefined;
}

function explicitValue(op: OperationSpec, dir: 'request' | 'reply'): number | undefined {
  return op.do?.[dir]?.value ?? op.dump?.[dir]?.value;
}

function hasReply(op: OperationSpec): boolean {
  return op.do?.reply !== undefined || op.dump?.reply !== undefined;
}

/**
 * Message ids per operation.
 *
 * unified: one counter from 1 (an op's `value` resets it); requests and replies share the id;
 * a notification's id is its reply id.
 *
 * directional: two counters, both from 1. A do/dump op takes the next request id and, when it
 * has a reply, the next reply id (`request: value:` / `reply: value:` reset the counters). A
 * notification takes only the next reply id (its `value:` resets the reply counter).
 */
export function opNumbers(ops: FamilySpec['operations']): OpIds[] {
  const out: OpIds[] = [];
  if ((ops['enum-model'] ?? 'unified') === 'unified') {
    let next = 1;
    for (const op of ops.list) {
      const v = op.value ?? next;
      if (isNotification(op)) out.push({ reply: v });
      else out.push({ request: explicitValue(op, 'request') ?? v, reply: explicitValue(op, 'reply') ?? v });
      next = v + 1;
    }
    return out;
  }
  let req = 1;
  let rsp = 1;
  for (const op of ops.list) {
    if (isNotification(op)) {
      if (op.value !== undefined) rsp = op.value;
      out.push({ reply: rsp });
      rsp += 1;
      continue;
    }
    req = explicitValue(op, 'request') ?? op.value ?? req;
    const replies = hasReply(op);
    if (replies) rsp = explicitValue(op, 'reply') ?? rsp;
    out.push(replies ? { request: req, reply: rsp } : { request: req });
    req += 1;
    if (replies) rsp += 1;
  }
  return out;
}
