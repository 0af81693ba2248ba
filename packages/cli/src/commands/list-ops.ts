/** `nlkit <family> --list-ops`: operations, their modes, and their attributes by JSON name. */
import { headerKey, memberName, type FamilyIR, type MessageIR, type OperationIR } from '@nlkit/ir';
import { HELP } from '../help.js';
import { namesOption, outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { Sink, writeJson } from '../output/json.js';
import { palette, type Palette } from '../output/pretty.js';
import { UsageError } from '../errors.js';

export interface OpSummary {
  name: string;
  modes: Array<'do' | 'dump' | 'notify'>;
  doc?: string;
  fixedHeader?: { key: string; struct: string; members: string[] };
  do?: { request?: string[]; reply?: string[] };
  dump?: { request?: string[]; reply?: string[] };
  notify?: { attributes: string[]; group?: string };
}

/** `spelling` schema: names as the schema writes them; camel (default): as --json and the TypeScript API write them. */
export function summarize(ir: FamilyIR, op: OperationIR, spelling: 'schema' | 'camel' = 'camel'): OpSummary {
  const name = spelling === 'schema' ? (n: string) => n : memberName;
  const names = (m: MessageIR | undefined) => m?.attributes.map(name);
  const set = ir.attributeSets.find((s) => s.name === op.attributeSet);
  const modes: OpSummary['modes'] = [];
  if (op.do) modes.push('do');
  if (op.dump) modes.push('dump');
  if (op.notification) modes.push('notify');
  const st = op.fixedHeader ? ir.structs.find((s) => s.name === op.fixedHeader) : undefined;
  return {
    name: op.name,
    modes,
    ...(op.doc ? { doc: op.doc.trim().split('\n')[0] } : {}),
    ...(st ? { fixedHeader: { key: headerKey(set), struct: st.name, members: st.members.filter((m) => m.type !== 'pad').map((m) => name(m.name)) } } : {}),
    ...(op.do ? { do: { request: names(op.do.request), reply: names(op.do.reply) } } : {}),
    ...(op.dump ? { dump: { request: names(op.dump.request), reply: names(op.dump.reply) } } : {}),
    ...(op.notification ? { notify: { attributes: names(op.notification)!, group: op.mcgrp } } : {}),
  };
}

export async function listOpsCommand(args: string[], family: string | undefined, extra?: string): Promise<number> {
  const { values, positionals } = parse(args, { output: { type: 'string', short: 'o' }, 'list-ops': { type: 'boolean' }, names: { type: 'string' } }, 'list-ops');
  if (values.help) {
    process.stdout.write(HELP['list-ops']!);
    return 0;
  }
  const stray = [extra, ...positionals].filter((x) => x !== undefined);
  if (stray.length) throw new UsageError(`unexpected argument "${stray[0]}"`, 'list-ops');
  const fmt = outputFormat(values.output, ['pretty', 'json'], 'pretty', 'list-ops');
  const { ir, path } = await loadFamily({ spec: values.spec, family });
  const spelling = namesOption(values.names, 'list-ops');
  const ops = ir.operations.map((o) => summarize(ir, o, spelling));
  const sink = new Sink();
  if (fmt === 'json') {
    await writeJson(sink, { family: ir.name, protocol: ir.protocol, protonum: ir.protonum, spec: path, operations: ops, mcastGroups: ir.mcastGroups.map((g) => g.name) });
    return 0;
  }
  const p = palette(process.stdout);
  const lines: string[] = [p.head(`${ir.name}`) + p.dim(` (${ir.protocol}, ${ops.length} operations, ${path})`)];
  if (ir.mcastGroups.length) lines.push(p.dim(`multicast groups: ${ir.mcastGroups.map((g) => g.name).join(', ')}`));
  const width = Math.max(...ops.map((o) => o.name.length));
  for (const o of ops) {
    lines.push('');
    lines.push(`${p.key(o.name.padEnd(width))}  ${o.modes.join(' ')}${o.doc ? p.dim(`  ${o.doc}`) : ''}`);
    if (o.fixedHeader) lines.push(`  ${label(p, 'header')}${o.fixedHeader.key}: ${o.fixedHeader.struct} { ${o.fixedHeader.members.join(', ')} }`);
    for (const mode of ['do', 'dump'] as const) {
      const m = o[mode];
      if (!m) continue;
      lines.push(`  ${label(p, `${mode} request`)}${list(p, m.request)}`);
      if (m.reply) lines.push(`  ${label(p, `${mode} reply`)}${list(p, m.reply)}`);
    }
    if (o.notify) lines.push(`  ${label(p, 'notify')}${list(p, o.notify.attributes)}${o.notify.group ? p.dim(`  (group ${o.notify.group})`) : ''}`);
  }
  await sink.write(lines.join('\n') + '\n');
  await sink.flush();
  return 0;
}

function label(p: Palette, s: string): string {
  return p.dim(`${s}:`.padEnd(15));
}

function list(p: Palette, xs: string[] | undefined): string {
  return xs?.length ? xs.join(', ') : p.dim('(no attributes)');
}
