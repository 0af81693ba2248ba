/**
 * A whole ruleset as nlkit reads it, and the transaction that recreates it: a consistent
 * snapshot (all dumps within one generation) that can be saved and restored.
 */
import type { AbortSignalLike } from '@nlkit/core';
import type {
  GetchainDumpReply, GetflowtableDumpReply, GetobjDumpReply, GetruleDumpReply, GetsetDumpReply, GettableDumpReply,
  NftablesClient, Nfproto, SetElemAttrs,
} from './gen/nftables.js';
import type { NftTransaction } from './transaction.js';

export interface RulesetSet extends GetsetDumpReply {
  /** The set's elements (interval sets list each range as its start and an interval-end element). */
  elements: SetElemAttrs[];
}

export interface Ruleset {
  /** The generation every dump below was taken in. */
  generation: number;
  tables: GettableDumpReply[];
  chains: GetchainDumpReply[];
  sets: RulesetSet[];
  objects: GetobjDumpReply[];
  flowtables: GetflowtableDumpReply[];
  rules: GetruleDumpReply[];
}

export interface ReadRulesetOptions {
  /** Only tables of this family (default: all). */
  family?: Nfproto | number;
  /** How many times to read again when a commit happened while reading (default 5). */
  retries?: number;
  signal?: AbortSignalLike;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Reads tables, chains, sets with their elements, objects, flowtables and rules. The dumps
 * are separate requests, so the generation is read before and after: when it moved, the
 * snapshot is taken again.
 */
export async function readRuleset(client: NftablesClient, options: ReadRulesetOptions = {}): Promise<Ruleset> {
  const header = { nfgenFamily: options.family ?? 0 };
  const opts = { signal: options.signal };
  for (let attempt = 0; ; attempt++) {
    const before = (await client.getgen({}, opts)).id ?? 0;
    const tables = await collect(client.gettableDump({ header }, opts));
    const chains = await collect(client.getchainDump({ header }, opts));
    const sets: RulesetSet[] = [];
    for (const s of await collect(client.getsetDump({ header }, opts))) {
      const replies = await collect(client.getsetelemDump({ header: { nfgenFamily: s.header.nfgenFamily }, table: s.table, set: s.name }, opts));
      sets.push({ ...s, elements: replies.flatMap((r) => r.elements?.elem ?? []) });
    }
    const objects = await collect(client.getobjDump({ header }, opts));
    const flowtables = await collect(client.getflowtableDump({ header }, opts));
    const rules = await collect(client.getruleDump({ header }, opts));
    const after = (await client.getgen({}, opts)).id ?? 0;
    if (before === after) return { generation: after, tables, chains, sets, objects, flowtables, rules };
    if (attempt >= (options.retries ?? 5)) throw new Error(`nftables: the ruleset kept changing while it was read (generation ${before} → ${after})`);
  }
}

/** Drops what the kernel reports but does not take back: handles, use counts, positions. */
function strip<T extends object>(obj: T, keys: string[]): T {
  const out = { ...obj } as Record<string, unknown>;
  for (const k of keys) delete out[k];
  return out as T;
}

/**
 * Adds the messages that recreate `ruleset` to `tx`, in an order the kernel accepts: tables,
 * chains (jump targets), objects, sets and their elements (verdict maps name chains), flowtables,
 * then rules. Handles are the new ruleset's own.
 */
export function addRuleset(tx: NftTransaction, ruleset: Omit<Ruleset, 'generation'>): void {
  for (const t of ruleset.tables) tx.newtable(strip(t, ['use', 'handle', 'owner', '$unknown']));
  for (const c of ruleset.chains) {
    const chain = strip(c, ['use', 'handle', 'id', '$unknown']);
    if (chain.flags) chain.flags = chain.flags.filter((f) => f !== 'base' && f !== 1);
    tx.newchain(chain);
  }
  for (const o of ruleset.objects) tx.newobj(strip(o, ['use', 'handle', '$unknown']));
  for (const s of ruleset.sets) {
    const { elements, ...set } = s;
    tx.newset(strip(set, ['handle', 'id', '$unknown']));
    if (elements.length) {
      const elem = elements.map((e) => strip(e, ['expiration']));
      tx.newsetelem({ header: s.header, table: s.table, set: s.name, elements: { elem } });
    }
  }
  for (const f of ruleset.flowtables) tx.newflowtable(strip(f, ['use', 'handle', '$unknown']));
  for (const r of ruleset.rules) tx.newrule(strip(r, ['handle', 'position', 'id', '$unknown']));
}
