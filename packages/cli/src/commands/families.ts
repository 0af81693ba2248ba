/** `nlkit families`: every spec in the search path, with its protocol and size. */
import { HELP } from '../help.js';
import { outputFormat, parse } from '../args.js';
import { listSpecs, loadSpec } from '../schemas.js';
import { Sink, writeJson } from '../output/json.js';
import { palette, table } from '../output/pretty.js';
import { UsageError } from '../errors.js';
import { ynlIfLoaded } from '../ynl.js';

export async function familiesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { output: { type: 'string', short: 'o' } }, 'families');
  if (values.help) {
    process.stdout.write(HELP.families!);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'families');
  const fmt = outputFormat(values.output, ['pretty', 'json'], 'pretty', 'families');
  const rows = [];
  for (const s of listSpecs()) rows.push(await (async () => {
    try {
      const ir = await loadSpec(s.path);
      return {
        name: ir.name, protocol: ir.protocol, protonum: ir.protonum,
        operations: ir.operations.length,
        doOps: ir.operations.filter((o) => o.do).length,
        dumpOps: ir.operations.filter((o) => o.dump).length,
        notifications: ir.operations.filter((o) => o.notification).length,
        mcastGroups: ir.mcastGroups.map((g) => g.name),
        path: s.path,
      };
    } catch (err) {
      const SchemaError = ynlIfLoaded()?.SchemaError;
      return { name: s.name, path: s.path, error: SchemaError && err instanceof SchemaError ? err.issues.map((i) => `${i.line}:${i.column}: ${i.message}`).join('; ') : (err as Error).message };
    }
  })());
  const sink = new Sink();
  if (fmt === 'json') {
    await writeJson(sink, rows);
    return 0;
  }
  const p = palette(process.stdout);
  await sink.write(table(rows.map((r) => 'error' in r
    ? [r.name, 'invalid', '-', '-', `${r.path}: ${r.error}`]
    : [r.name, r.protocol, String(r.operations), String(r.mcastGroups.length), r.path]), p, ['FAMILY', 'PROTOCOL', 'OPS', 'GROUPS', 'SPEC']));
  await sink.flush();
  return 0;
}
