/**
 * `nlkit policy <family> [<op>]`: the kernel's own policy for a generic netlink family
 * (CTRL_CMD_GETPOLICY), with attribute names taken from the schema.
 */
import { Session, NETLINK_GENERIC, getFamilyPolicy, describeFamilyPolicy, describePolicy, type PolicyReport } from '@nlkit/core';
import { HELP } from '../help.js';
import { outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { Sink, writeJson } from '../output/json.js';
import { palette, type Palette } from '../output/pretty.js';
import { UsageError } from '../errors.js';
import { inNetns } from '../netns.js';
import { DEFAULT_TIMEOUT_S, parseTimeout } from '../timeout.js';

export type { PolicyReport };

export async function policyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { netns: { type: 'string' }, output: { type: 'string', short: 'o' }, timeout: { type: 'string' } }, 'policy');
  if (values.help) {
    process.stdout.write(HELP.policy!);
    return 0;
  }
  const words = values.spec ? positionals : positionals.slice(1);
  const family = values.spec ? undefined : positionals[0];
  if (words.length > 1) throw new UsageError(`unexpected argument "${words[1]}"`, 'policy');
  const fmt = outputFormat(values.output, ['pretty', 'json'], 'pretty', 'policy');
  const { ir } = await loadFamily({ spec: values.spec, family });
  if (ir.protocol === 'netlink-raw') throw new UsageError(`${ir.name} is a ${ir.protocol} family; policies can be read only for generic netlink families`, 'policy');
  const opName = words[0];
  const op = opName !== undefined ? ir.operations.find((o) => o.name === opName) : undefined;
  if (opName !== undefined && (!op || op.requestValue === undefined || (!op.do && !op.dump))) {
    throw new UsageError(`${ir.name} has no request operation "${opName}" (known: ${ir.operations.filter((o) => o.do || o.dump).map((o) => o.name).join(', ')})`, 'policy');
  }

  const timeoutMs = parseTimeout(values.timeout, 'policy', DEFAULT_TIMEOUT_S);
  const session = await inNetns(values.netns, (netns) => Session.open({ protocol: NETLINK_GENERIC, netns, timeoutMs }));
  let report: PolicyReport;
  try {
    report = describeFamilyPolicy(await getFamilyPolicy(session, ir.name, op?.requestValue), ir);
  } finally {
    session.close();
  }
  const sink = new Sink();
  if (fmt === 'json') await writeJson(sink, report);
  else await sink.write(renderPolicy(report, palette(process.stdout)));
  await sink.flush();
  return 0;
}

export function renderPolicy(r: PolicyReport, p: Palette): string {
  const lines: string[] = [p.head(r.family) + p.dim(` (generic netlink family id ${r.id})`)];
  if (r.operations.length) {
    lines.push('', p.head('operations'));
    const w = Math.max(...r.operations.map((o) => o.name.length));
    for (const o of r.operations) {
      const modes = [o.do !== undefined ? `do: policy ${o.do}` : '', o.dump !== undefined ? `dump: policy ${o.dump}` : ''].filter(Boolean).join('   ');
      lines.push(`  ${p.key(o.name.padEnd(w))}  ${modes || p.dim('(no policy)')}`);
    }
  }
  for (const pol of r.policies) {
    lines.push('', p.head(`policy ${pol.index}`) + (pol.attributeSet ? p.dim(` (attribute set ${pol.attributeSet})`) : ''));
    const nw = Math.max(0, ...pol.attributes.map((a) => (a.name ?? '').length));
    const iw = Math.max(...pol.attributes.map((a) => String(a.attr).length));
    for (const a of pol.attributes) {
      lines.push(`  ${p.dim(String(a.attr).padStart(iw))}  ${p.key((a.name ?? '?').padEnd(nw))}  ${describePolicy(a)}`);
    }
  }
  return lines.join('\n') + '\n';
}
