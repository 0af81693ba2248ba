/**
 * nf_tables transactions: changes collected by a builder and sent as one nfnetlink batch, so
 * the kernel applies all of them or none.
 */
import { NLM_F_APPEND, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REPLACE } from '@nlkit/core/wire';
import { type BatchMessage } from '@nlkit/core/netfilter';
import { type RequestFlag } from '@nlkit/core';
import {
  nftablesRuntime,
  type DelchainRequest, type DelflowtableRequest, type DelobjRequest, type DelruleRequest, type DelsetelemRequest, type DelsetRequest,
  type DeltableRequest, type DestroychainRequest, type DestroyflowtableRequest, type DestroyobjRequest, type DestroyruleRequest,
  type DestroysetelemRequest, type DestroysetRequest, type DestroytableRequest, type NewchainRequest, type NewflowtableRequest,
  type NewobjRequest, type NewruleRequest, type NewsetelemRequest, type NewsetRequest, type NewtableRequest,
} from './gen/nftables.js';

/** The operations a transaction may carry, and the request each takes. */
export interface TransactionRequests {
  newtable: NewtableRequest;
  deltable: DeltableRequest;
  destroytable: DestroytableRequest;
  newchain: NewchainRequest;
  delchain: DelchainRequest;
  destroychain: DestroychainRequest;
  newrule: NewruleRequest;
  delrule: DelruleRequest;
  destroyrule: DestroyruleRequest;
  newset: NewsetRequest;
  delset: DelsetRequest;
  destroyset: DestroysetRequest;
  newsetelem: NewsetelemRequest;
  delsetelem: DelsetelemRequest;
  destroysetelem: DestroysetelemRequest;
  newobj: NewobjRequest;
  delobj: DelobjRequest;
  destroyobj: DestroyobjRequest;
  newflowtable: NewflowtableRequest;
  delflowtable: DelflowtableRequest;
  destroyflowtable: DestroyflowtableRequest;
}

export type TransactionOp = keyof TransactionRequests;

export const TRANSACTION_OPS: readonly TransactionOp[] = [
  'newtable', 'deltable', 'destroytable', 'newchain', 'delchain', 'destroychain', 'newrule', 'delrule', 'destroyrule',
  'newset', 'delset', 'destroyset', 'newsetelem', 'delsetelem', 'destroysetelem', 'newobj', 'delobj', 'destroyobj',
  'newflowtable', 'delflowtable', 'destroyflowtable',
];

export interface TxOpOptions {
  /**
   * nlmsghdr flags. Default for new*: ['create'] (add, or keep what exists), and for newrule
   * ['create', 'append'] (after the last rule, or after `position`). ['create', 'excl'] fails
   * with EEXIST when the object exists; ['replace'] replaces the rule at `handle`.
   */
  flags?: Array<'create' | 'excl' | 'replace' | 'append'> | number;
  /** Ask the kernel to send the object back once committed (with its handle). */
  echo?: boolean;
}

const FLAG_BITS: Partial<Record<RequestFlag, number>> = { create: NLM_F_CREATE, excl: NLM_F_EXCL, replace: NLM_F_REPLACE, append: NLM_F_APPEND };

/** One extack namer per operation, shared by every message (a transaction may hold 100k). */
const namers = new Map<TransactionOp, BatchMessage['namer']>();
function namerOf(op: TransactionOp): BatchMessage['namer'] {
  let n = namers.get(op);
  if (!n) namers.set(op, (n = nftablesRuntime.namer(op)));
  return n;
}

function flagBits(op: TransactionOp, options: TxOpOptions): number {
  let bits: number;
  if (options.flags === undefined) bits = op === 'newrule' ? NLM_F_CREATE | NLM_F_APPEND : op.startsWith('new') ? NLM_F_CREATE : 0;
  else if (typeof options.flags === 'number') bits = options.flags;
  else bits = options.flags.reduce((n, f) => n | (FLAG_BITS[f] ?? 0), 0);
  return options.echo ? bits | NLM_F_ECHO : bits;
}

/**
 * Collects the messages of one transaction. Each method encodes its request at once (a bad
 * request throws a ValidationError there, before anything is sent) and returns the message's
 * index in the batch, which errors and `replies` refer to.
 */
export class NftTransaction {
  readonly messages: BatchMessage[] = [];
  private setIds = 0;

  add<K extends TransactionOp>(op: K, request: TransactionRequests[K], options: TxOpOptions = {}): number {
    if (!TRANSACTION_OPS.includes(op)) throw new TypeError(`nftables: ${String(op)} cannot go in a transaction`);
    // The kernel requires NFTA_SET_ID on every new set (rules in the same batch may refer to it).
    if (op === 'newset' && (request as NewsetRequest).id === undefined) request = { ...request, id: ++this.setIds };
    const msg = nftablesRuntime.encodeRequest(op, 'do', request);
    this.messages.push({ type: msg.type, body: msg.body!, flags: flagBits(op, options), operation: op, namer: namerOf(op) });
    return this.messages.length - 1;
  }

  get size(): number {
    return this.messages.length;
  }

  newtable(r: NewtableRequest, o?: TxOpOptions): number { return this.add('newtable', r, o); }
  deltable(r: DeltableRequest, o?: TxOpOptions): number { return this.add('deltable', r, o); }
  destroytable(r: DestroytableRequest, o?: TxOpOptions): number { return this.add('destroytable', r, o); }
  newchain(r: NewchainRequest, o?: TxOpOptions): number { return this.add('newchain', r, o); }
  delchain(r: DelchainRequest, o?: TxOpOptions): number { return this.add('delchain', r, o); }
  destroychain(r: DestroychainRequest, o?: TxOpOptions): number { return this.add('destroychain', r, o); }
  newrule(r: NewruleRequest, o?: TxOpOptions): number { return this.add('newrule', r, o); }
  delrule(r: DelruleRequest, o?: TxOpOptions): number { return this.add('delrule', r, o); }
  destroyrule(r: DestroyruleRequest, o?: TxOpOptions): number { return this.add('destroyrule', r, o); }
  newset(r: NewsetRequest, o?: TxOpOptions): number { return this.add('newset', r, o); }
  delset(r: DelsetRequest, o?: TxOpOptions): number { return this.add('delset', r, o); }
  destroyset(r: DestroysetRequest, o?: TxOpOptions): number { return this.add('destroyset', r, o); }
  newsetelem(r: NewsetelemRequest, o?: TxOpOptions): number { return this.add('newsetelem', r, o); }
  delsetelem(r: DelsetelemRequest, o?: TxOpOptions): number { return this.add('delsetelem', r, o); }
  destroysetelem(r: DestroysetelemRequest, o?: TxOpOptions): number { return this.add('destroysetelem', r, o); }
  newobj(r: NewobjRequest, o?: TxOpOptions): number { return this.add('newobj', r, o); }
  delobj(r: DelobjRequest, o?: TxOpOptions): number { return this.add('delobj', r, o); }
  destroyobj(r: DestroyobjRequest, o?: TxOpOptions): number { return this.add('destroyobj', r, o); }
  newflowtable(r: NewflowtableRequest, o?: TxOpOptions): number { return this.add('newflowtable', r, o); }
  delflowtable(r: DelflowtableRequest, o?: TxOpOptions): number { return this.add('delflowtable', r, o); }
  destroyflowtable(r: DestroyflowtableRequest, o?: TxOpOptions): number { return this.add('destroyflowtable', r, o); }
}
