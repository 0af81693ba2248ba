/** `nlkit <family> <op>`: one do or dump request, from JSON in, to JSON (or pretty) out. */
import { FamilyClient, defineFamily, normalizeRequest, respell, type RequestFlag } from '@nlkit/core';
import { HELP } from '../help.js';
import { defaultFormat, namesOption, outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { parseRequestObject } from '../input.js';
import { readInput } from '../files.js';
import { inNetns } from '../netns.js';
import { DEFAULT_TIMEOUT_S, parseTimeout } from '../timeout.js';
import { Sink, writeJson } from '../output/json.js';
import { recordWriter } from '../output/index.js';
import { NdjsonBytesWriter } from '../output/ndjson.js';
import { UsageError } from '../errors.js';
import { needsNfBatch, nfBatchFileCommand, nfBatchOp, wantsBatchFile } from './nft-batch.js';

const FLAGS: RequestFlag[] = ['create', 'excl', 'replace', 'append', 'echo', 'nonrec', 'bulk', 'atomic'];

/** The request from --json: inline JSON, "-" for stdin, "@FILE" for a file (size-capped). */
export function readJsonArg(v: string | undefined): Record<string, unknown> {
  if (v === undefined) return {};
  if (v === '-') return parseRequestObject(readInput(0, '--json -').toString('utf8'), 'stdin');
  if (v.startsWith('@')) return parseRequestObject(readInput(v.slice(1), `--json ${v}`).toString('utf8'), v.slice(1));
  return parseRequestObject(v);
}

export function parseFlags(v: string | undefined): RequestFlag[] {
  if (!v) return [];
  return v.split(',').map((s) => s.trim()).filter(Boolean).map((f) => {
    if (!FLAGS.includes(f as RequestFlag)) throw new UsageError(`unknown flag "${f}" in --flags (known: ${FLAGS.join(', ')})`, 'op');
    return f as RequestFlag;
  });
}

export async function opCommand(args: string[], family: string | undefined, opFromSpec?: string): Promise<number> {
  if (wantsBatchFile(args)) return nfBatchFileCommand(args, family);
  const { values, positionals } = parse(args, {
    dump: { type: 'boolean' },
    json: { type: 'string' },
    netns: { type: 'string' },
    output: { type: 'string', short: 'o' },
    flags: { type: 'string' },
    timeout: { type: 'string' },
    names: { type: 'string' },
  }, 'op');
  if (values.help) {
    process.stdout.write(HELP.op!);
    return 0;
  }
  const words = opFromSpec !== undefined ? [opFromSpec, ...positionals] : positionals;
  const opName = words[0];
  if (words.length > 1) throw new UsageError(`unexpected argument "${words[1]}"`, 'op');
  const { ir } = await loadFamily({ spec: values.spec, family });
  if (opName === undefined) throw new UsageError(`which operation of ${ir.name}? (see nlkit ${family ?? `--spec ${values.spec}`} --list-ops)`, 'op');
  const op = ir.operations.find((o) => o.name === opName);
  if (!op) throw new UsageError(`${ir.name} has no operation "${opName}" (known: ${ir.operations.map((o) => o.name).join(', ')})`, 'op');
  if (!op.do && !op.dump) throw new UsageError(`${ir.name} ${opName} is a notification; watch it with: nlkit monitor ${ir.name}`, 'op');
  let mode: 'do' | 'dump' = values.dump ? 'dump' : op.do ? 'do' : 'dump';
  if (mode === 'dump' && !op.dump) throw new UsageError(`${ir.name} ${opName} cannot dump (it has: do)`, 'op');
  const fmt = outputFormat(values.output, ['json', 'ndjson', 'pretty'], defaultFormat('pretty', 'json'), 'op');
  const flags = parseFlags(values.flags);
  const timeoutMs = parseTimeout(values.timeout, 'op', DEFAULT_TIMEOUT_S);
  const names = namesOption(values.names, 'op');
  const runtime = defineFamily(ir);
  // Either spelling in, one shape on: the schema's names or camelCase, header members at the top.
  const request = normalizeRequest(runtime, opName, mode, readJsonArg(values.json)) as Record<string, unknown>;

  // Refuse a bad request before a socket is even opened.
  runtime.encodeRequest(opName, mode, request, 0);
  const out = (v: unknown) => respell(runtime, opName, v, names);

  // nf_tables changes only count inside an nfnetlink batch: send a batch of one.
  if (mode === 'do' && needsNfBatch(ir, op)) return nfBatchOp(ir, op, request, flags, values.netns, timeoutMs);
  const client = await inNetns(values.netns, (netns) => FamilyClient.open(runtime, { netns, timeoutMs }));
  try {
    const sink = new Sink();
    if (mode === 'do') {
      const reply = await client.doRequest(opName, request, { flags });
      if (reply === undefined) return 0;
      if (fmt === 'json') await writeJson(sink, out(reply));
      else {
        const w = recordWriter(fmt, sink);
        await w.item(out(reply));
        await w.end();
      }
      return 0;
    }
    if (fmt === 'ndjson' && names === 'camel') {
      // JSON lines straight from the replies' bytes, a batch of messages at a time.
      const w = new NdjsonBytesWriter(sink, runtime, opName);
      for await (const batch of client.dumpBatches(opName, request, { flags })) {
        const full = w.batch(batch);
        if (full) await full;
      }
      await w.end();
      return 0;
    }
    const w = recordWriter(fmt, sink);
    // item() only returns a promise when the output is full: no await (a microtask) per record.
    for await (const item of client.dumpRequest(opName, request, { flags })) {
      const full = w.item(names === 'camel' ? item : out(item));
      if (full) await full;
    }
    await w.end();
    return 0;
  } finally {
    client.close();
  }
}
