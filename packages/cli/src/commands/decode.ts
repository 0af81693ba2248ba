/** `nlkit decode <family>`: captured netlink bytes back into named values. */
import { DecodeError, defineFamily, errnoName, respell, type FamilyRuntime, type NlMessage } from '@nlkit/core';
import { splitMessages, parseErrorPayload, NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN } from '@nlkit/core/wire';
import { HELP } from '../help.js';
import { defaultFormat, namesOption, outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { Sink, writeJson } from '../output/json.js';
import { recordWriter } from '../output/index.js';
import { RequestError, UsageError } from '../errors.js';
import { readInput } from '../files.js';

/** Hex text (spaces, colons, newlines and a 0x prefix allowed) to bytes. */
export function parseHexText(text: string, what: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  const bad = /[^0-9a-fA-F]/.exec(clean);
  if (bad) throw new RequestError(`${what}: not hex: ${JSON.stringify(bad[0])} at hex digit ${bad.index + 1}`);
  if (clean.length % 2) throw new RequestError(`${what}: odd number of hex digits (${clean.length})`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

export interface DecodedMessage {
  /** The operation it belongs to, or 'error' / 'done' / 'noop' / 'unknown'. */
  name: string;
  type: number;
  flags: number;
  seq: number;
  portId: number;
  value?: unknown;
  error?: { errno: number; code: string; message?: string; offset?: number };
}

export function decodeOne(rt: FamilyRuntime, m: NlMessage, opts: { request?: boolean; op?: string }): DecodedMessage {
  const base = { type: m.type, flags: m.flags, seq: m.seq, portId: m.portId };
  if (m.type === NLMSG_ERROR) {
    const e = parseErrorPayload(m.buf, m.start, m.end, m.flags);
    if (e.error === 0) return { name: 'ack', ...base };
    return { name: 'error', ...base, error: { errno: -e.error, code: errnoName(-e.error), ...(e.extack.message ? { message: e.extack.message } : {}), ...(e.extack.offset !== undefined ? { offset: e.extack.offset } : {}) } };
  }
  if (m.type === NLMSG_DONE) return { name: 'done', ...base };
  if (m.type === NLMSG_NOOP) return { name: 'noop', ...base };
  if (m.type === NLMSG_OVERRUN) return { name: 'overrun', ...base };
  if (opts.op) return { name: opts.op, ...base, value: rt.decodeMessage(rt.op(opts.op), m) };
  if (opts.request) {
    const r = rt.decodeRequest(m);
    if (r) return { name: r.op.name, ...base, value: r.value };
  } else {
    const op = rt.classify(m);
    if (op) return { name: op.name, ...base, value: rt.decodeMessage(op, m) };
  }
  return { name: 'unknown', ...base, value: Buffer.from(m.buf.subarray(m.start, m.end)).toString('hex') };
}

export async function decodeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    request: { type: 'boolean' },
    op: { type: 'string' },
    file: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    names: { type: 'string' },
  }, 'decode');
  if (values.help) {
    process.stdout.write(HELP.decode!);
    return 0;
  }
  const family = values.spec ? undefined : positionals[0];
  const hexArgs = positionals.slice(values.spec ? 0 : 1);
  if (!values.spec && family === undefined) throw new UsageError('which family? nlkit decode <family> HEX...', 'decode');
  if (values.file !== undefined && hexArgs.length) throw new UsageError('give either HEX arguments or --file, not both', 'decode');
  if (values.file === undefined && !hexArgs.length) throw new UsageError('nothing to decode: give HEX arguments or --file F', 'decode');
  const fmt = outputFormat(values.output, ['json', 'ndjson', 'pretty'], defaultFormat('pretty', 'json'), 'decode');
  const names = namesOption(values.names, 'decode');
  const { ir } = await loadFamily({ spec: values.spec, family });
  const rt = defineFamily(ir);
  if (values.op !== undefined && !ir.operations.some((o) => o.name === values.op)) {
    throw new UsageError(`${ir.name} has no operation "${values.op}" (known: ${ir.operations.map((o) => o.name).join(', ')})`, 'decode');
  }

  let bytes: Uint8Array;
  if (values.file !== undefined) {
    const raw = readInput(values.file === '-' ? 0 : values.file, `--file ${values.file}`);
    const text = raw.toString('latin1');
    bytes = raw.length > 0 && /^[\s0-9a-fA-Fx:,-]+$/.test(text) ? parseHexText(text, values.file) : Uint8Array.from(raw);
  } else bytes = parseHexText(hexArgs.join(''), 'HEX');

  let msgs: NlMessage[];
  try {
    msgs = splitMessages(bytes);
  } catch (err) {
    throw new RequestError(`not netlink messages: ${(err as Error).message}`);
  }
  if (!msgs.length) throw new RequestError(`not netlink messages: ${bytes.length} bytes hold no complete nlmsghdr`);
  // Malformed input is the user's input: a DecodeError here is a bad request (exit 2).
  const decoded = msgs.map((m, i) => {
    try {
      const d = decodeOne(rt, m, { request: values.request, op: values.op });
      return d.value !== undefined && rt.index.ops.has(d.name) ? { ...d, value: respell(rt, d.name, d.value, names) } : d;
    } catch (err) {
      if (err instanceof DecodeError) throw new RequestError(`cannot decode message ${i + 1} (type ${m.type}, seq ${m.seq}): ${err.message}`);
      throw err;
    }
  });
  const sink = new Sink();
  if (fmt === 'json') {
    await writeJson(sink, decoded.length === 1 ? decoded[0] : decoded);
    return 0;
  }
  const w = recordWriter(fmt, sink);
  for (const d of decoded) {
    if (fmt === 'pretty') {
      const { name, value, ...rest } = d;
      await w.item({ ...(value !== undefined && typeof value === 'object' ? value : { value }), ...(d.error ? {} : {}) }, `${name}  type ${rest.type} flags 0x${rest.flags.toString(16)} seq ${rest.seq} port ${rest.portId}${d.error ? `  ${d.error.code}${d.error.message ? `: ${d.error.message}` : ''}` : ''}`);
    } else await w.item(d);
  }
  await w.end();
  return 0;
}
