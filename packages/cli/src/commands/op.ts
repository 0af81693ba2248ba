/** `nlkit <family> <op>`: one do or dump request, from JSON in, to JSON (or pretty) out. */
import { readFileSync } from 'node:fs';
import { FamilyClient, defineFamily, type RequestFlag } from '@nlkit/core';
import { HELP } from '../help.js';
import { defaultFormat, outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { parseRequestJson } from '../input.js';
import { Sink, writeJson } from '../output/json.js';
import { recordWriter } from '../output/index.js';
import { UsageError } from '../errors.js';

const FLAGS: RequestFlag[] = ['create', 'excl', 'replace', 'append', 'echo', 'nonrec', 'bulk', 'atomic'];

export function readJsonArg(v: string | undefined): unknown {
  if (v === undefined) return {};
  if (v === '-') return parseRequestJson(readFileSync(0, 'utf8'), 'stdin');
  if (v.startsWith('@')) {
    let text: string;
    try {
      text = readFileSync(v.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`--json ${v}: ${(err as Error).message}`, 'op');
    }
    return parseRequestJson(text, v.slice(1));
  }
  return parseRequestJson(v);
}

export function parseFlags(v: string | undefined): RequestFlag[] {
  if (!v) return [];
  return v.split(',').map((s) => s.trim()).filter(Boolean).map((f) => {
    if (!FLAGS.includes(f as RequestFlag)) throw new UsageError(`unknown flag "${f}" in --flags (known: ${FLAGS.join(', ')})`, 'op');
    return f as RequestFlag;
  });
}

export function parseSeconds(v: string | undefined, what: string, command: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${what} must be a positive number of seconds (got "${v}")`, command);
  return n;
}

export async function opCommand(args: string[], family: string | undefined, opFromSpec?: string): Promise<number> {
  const { values, positionals } = parse(args, {
    dump: { type: 'boolean' },
    json: { type: 'string' },
    netns: { type: 'string' },
    output: { type: 'string', short: 'o' },
    flags: { type: 'string' },
    timeout: { type: 'string' },
  }, 'op');
  if (values.help) {
    process.stdout.write(HELP.op!);
    return 0;
  }
  const words = opFromSpec !== undefined ? [opFromSpec, ...positionals] : positionals;
  const opName = words[0];
  if (words.length > 1) throw new UsageError(`unexpected argument "${words[1]}"`, 'op');
  const { ir } = loadFamily({ spec: values.spec, family });
  if (opName === undefined) throw new UsageError(`which operation of ${ir.name}? (see nlkit ${family ?? `--spec ${values.spec}`} --list-ops)`, 'op');
  const op = ir.operations.find((o) => o.name === opName);
  if (!op) throw new UsageError(`${ir.name} has no operation "${opName}" (known: ${ir.operations.map((o) => o.name).join(', ')})`, 'op');
  if (!op.do && !op.dump) throw new UsageError(`${ir.name} ${opName} is a notification; watch it with: nlkit monitor ${ir.name}`, 'op');
  let mode: 'do' | 'dump' = values.dump ? 'dump' : op.do ? 'do' : 'dump';
  if (mode === 'dump' && !op.dump) throw new UsageError(`${ir.name} ${opName} cannot dump (it has: do)`, 'op');
  const fmt = outputFormat(values.output, ['json', 'ndjson', 'pretty'], defaultFormat('pretty', 'json'), 'op');
  const flags = parseFlags(values.flags);
  const timeout = parseSeconds(values.timeout, '--timeout', 'op');
  const request = readJsonArg(values.json);

  // Refuse a bad request before a socket is even opened.
  const runtime = defineFamily(ir);
  runtime.encodeRequest(opName, mode, request, 0);

  const client = await FamilyClient.open(runtime, { netns: values.netns, timeoutMs: timeout !== undefined ? timeout * 1000 : undefined });
  try {
    const sink = new Sink();
    if (mode === 'do') {
      const reply = await client.doRequest(opName, request, { flags });
      if (reply === undefined) return 0;
      if (fmt === 'json') await writeJson(sink, reply);
      else {
        const w = recordWriter(fmt, sink);
        await w.item(reply);
        await w.end();
      }
      return 0;
    }
    const w = recordWriter(fmt, sink);
    for await (const item of client.dumpRequest(opName, request, { flags })) await w.item(item);
    await w.end();
    return 0;
  } finally {
    client.close();
  }
}
