/**
 * nf_tables changes from the CLI. The kernel only takes them inside an nfnetlink batch, so a
 * mutating nftables operation (new*, del*, destroy*) goes out as a batch of one, and
 * `nlkit nftables --batch FILE` applies a file of operations as one transaction: every line of
 * FILE (ndjson) is {"op": "newrule", "json": {...request...}, "flags": ["create"]}; all of it
 * is checked before anything is sent, and the kernel applies all of it or none.
 */
import { BatchChannel, type BatchMessage } from '@nlkit/core/netfilter';
import { NLM_F_ECHO } from '@nlkit/core/wire';
import { defineFamily, normalizeRequest, type FamilyRuntime, type RequestFlag } from '@nlkit/core';
import type { FamilyIR, OperationIR } from '@nlkit/ir';
import { parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { parseRequestJson } from '../input.js';
import { readInput } from '../files.js';
import { inNetns } from '../netns.js';
import { DEFAULT_TIMEOUT_S, parseTimeout } from '../timeout.js';
import { Sink, writeJson } from '../output/json.js';
import { UsageError } from '../errors.js';
import { parseFlags } from './op.js';

const NETLINK_NETFILTER = 12;
const NFNL_SUBSYS_NFTABLES = 10;
const FLAG_BITS: Record<RequestFlag, number> = {
  create: 0x400, excl: 0x200, replace: 0x100, append: 0x800, echo: NLM_F_ECHO, nonrec: 0x100, bulk: 0x200, atomic: 0x400,
};

/** Whether an operation is an nf_tables change, which the kernel only accepts inside a batch. */
export function needsNfBatch(ir: FamilyIR, op: OperationIR): boolean {
  return ir.protonum === NETLINK_NETFILTER && op.do !== undefined && op.requestValue !== undefined
    && op.requestValue >> 8 === NFNL_SUBSYS_NFTABLES && /^(new|del|destroy)/.test(op.name);
}

/** Whether the arguments ask for `--batch FILE`. */
export function wantsBatchFile(args: string[]): boolean {
  return args.some((a) => a === '--batch' || a.startsWith('--batch='));
}

function message(runtime: FamilyRuntime, op: OperationIR, request: unknown, flags: RequestFlag[]): BatchMessage {
  const msg = runtime.encodeRequest(op.name, 'do', normalizeRequest(runtime, op.name, 'do', request), 0);
  return {
    type: msg.type, body: msg.body ?? new Uint8Array(0), operation: op.name, namer: runtime.namer(op.name),
    flags: flags.reduce((n, f) => n | FLAG_BITS[f], 0),
  };
}

/** Sends the messages as one batch in the namespace and prints what the kernel echoed, if anything. */
async function commit(runtime: FamilyRuntime, messages: BatchMessage[], netnsArg: string | undefined, timeoutMs: number | undefined, generation?: number): Promise<number> {
  const channel = await inNetns(netnsArg, (netns) => BatchChannel.open(netns !== undefined ? { netns } : {}));
  try {
    const result = await channel.commit(messages, { timeoutMs, generation });
    const sink = new Sink();
    const echoed = result.replies.flatMap((list) => list.flatMap((m) => {
      const op = runtime.classify(m);
      return op ? [runtime.decodeMessage(op, m)] : [];
    }));
    await writeJson(sink, { messages: messages.length, generation: result.generation, ...(echoed.length ? { echoed } : {}) });
    return 0;
  } finally {
    channel.close();
  }
}

/** A mutating nftables operation from `nlkit nftables <op>`: a batch of one. */
export async function nfBatchOp(ir: FamilyIR, op: OperationIR, request: Record<string, unknown>, flags: RequestFlag[], netns: string | undefined, timeoutMs: number | undefined): Promise<number> {
  const runtime = defineFamily(ir);
  const defaults: RequestFlag[] = flags.length ? flags : op.name === 'newrule' ? ['create', 'append'] : op.name.startsWith('new') ? ['create'] : [];
  return commit(runtime, [message(runtime, op, request, defaults)], netns, timeoutMs);
}

/** `nlkit nftables --batch FILE [--netns NS] [--generation N] [--timeout S]` */
export async function nfBatchFileCommand(args: string[], family: string | undefined): Promise<number> {
  const { values, positionals } = parse(args, {
    batch: { type: 'string' },
    netns: { type: 'string' },
    generation: { type: 'string' },
    timeout: { type: 'string' },
  }, 'op');
  if (positionals.length) throw new UsageError(`--batch takes no operation (each line of the file names its own); got "${positionals[0]}"`, 'op');
  const { ir } = await loadFamily({ spec: values.spec, family });
  const runtime = defineFamily(ir);
  const file = values.batch!;
  const text = readInput(file === '-' ? 0 : file, `--batch ${file}`).toString('utf8');
  let generation: number | undefined;
  if (values.generation !== undefined) {
    generation = Number(values.generation);
    if (!Number.isInteger(generation) || generation < 0 || generation > 0xffffffff) throw new UsageError(`--generation must be a u32 (got "${values.generation}")`, 'op');
  }
  const timeoutMs = parseTimeout(values.timeout, 'op', DEFAULT_TIMEOUT_S);
  const messages: BatchMessage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const where = `${file === '-' ? 'stdin' : file} line ${i + 1}`;
    const entry = parseRequestJson(line, where);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new UsageError(`${where}: expected an object {"op": ..., "json": {...}}`, 'op');
    const { op: opName, json, flags, ...extra } = entry as Record<string, unknown>;
    const unknown = Object.keys(extra);
    if (unknown.length) throw new UsageError(`${where}: unknown key "${unknown[0]}" (a line has op, json and flags)`, 'op');
    if (typeof opName !== 'string') throw new UsageError(`${where}: "op" must name an operation`, 'op');
    const op = ir.operations.find((o) => o.name === opName);
    if (!op || !needsNfBatch(ir, op)) {
      throw new UsageError(`${where}: "${opName}" cannot go in a batch (it takes ${ir.operations.filter((o) => needsNfBatch(ir, o)).map((o) => o.name).join(', ')})`, 'op');
    }
    if (flags !== undefined && (!Array.isArray(flags) || flags.some((f) => typeof f !== 'string'))) throw new UsageError(`${where}: "flags" must be a list of names`, 'op');
    let names: RequestFlag[] | undefined;
    try {
      names = flags === undefined ? undefined : parseFlags((flags as string[]).join(','));
    } catch (err) {
      throw new UsageError(`${where}: ${(err as Error).message.replace(' in --flags', '')}`, 'op');
    }
    const defaults: RequestFlag[] = names ?? (op.name === 'newrule' ? ['create', 'append'] : op.name.startsWith('new') ? ['create'] : []);
    try {
      messages.push(message(runtime, op, json ?? {}, defaults));
    } catch (err) {
      throw new UsageError(`${where}: ${(err as Error).message}`, 'op');
    }
  }
  if (!messages.length) throw new UsageError(`--batch ${file}: no operations`, 'op');
  return commit(runtime, messages, values.netns, timeoutMs, generation);
}
