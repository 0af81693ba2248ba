/** `nlkit monitor <family>`: notifications from the family's multicast groups, as they come. */
import { FamilyClient, OverrunError, AbortError, defineFamily, respell } from '@nlkit/core';
import { HELP } from '../help.js';
import { defaultFormat, namesOption, outputFormat, parse } from '../args.js';
import { loadFamily } from '../schemas.js';
import { recordWriter } from '../output/index.js';
import { UsageError } from '../errors.js';
import { inNetns } from '../netns.js';
import { DEFAULT_TIMEOUT_S, after, parseTimeout } from '../timeout.js';

export async function monitorCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    group: { type: 'string', short: 'g', multiple: true },
    netns: { type: 'string' },
    count: { type: 'string', short: 'n' },
    timeout: { type: 'string' },
    output: { type: 'string', short: 'o' },
    quiet: { type: 'boolean', short: 'q' },
    names: { type: 'string' },
  }, 'monitor');
  if (values.help) {
    process.stdout.write(HELP.monitor!);
    return 0;
  }
  const family = values.spec ? undefined : positionals[0];
  const extra = positionals.slice(values.spec ? 0 : 1);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`, 'monitor');
  const fmt = outputFormat(values.output, ['ndjson', 'pretty', 'json'], defaultFormat('pretty', 'ndjson'), 'monitor');
  const names = namesOption(values.names, 'monitor');
  let count: number | undefined;
  if (values.count !== undefined) {
    count = Number(values.count);
    if (!Number.isInteger(count) || count <= 0) throw new UsageError(`--count must be a positive integer (got "${values.count}")`, 'monitor');
  }
  // --timeout here is how long to listen (0 or absent: until interrupted).
  const listenMs = parseTimeout(values.timeout, 'monitor');
  const { ir } = await loadFamily({ spec: values.spec, family });
  if (!ir.mcastGroups.length) throw new UsageError(`${ir.name} has no multicast groups to monitor`, 'monitor');
  const groups = values.group?.length ? values.group : ir.mcastGroups.map((g) => g.name);
  for (const g of groups) {
    if (!ir.mcastGroups.some((x) => x.name === g)) throw new UsageError(`${ir.name} has no multicast group "${g}" (known: ${ir.mcastGroups.map((x) => x.name).join(', ')})`, 'monitor');
  }

  // The requests monitor makes (genetlink ids) get the default timeout.
  const client = await inNetns(values.netns, (netns) => FamilyClient.open(defineFamily(ir), { netns, timeoutMs: DEFAULT_TIMEOUT_S * 1000 }));
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const cancelTimer = listenMs ? after(listenMs, () => abort.abort()) : undefined;
  try {
    const ids = await Promise.all(groups.map((g) => client.groupId(g)));
    const familyId = await client.familyId();
    const sub = client.session.subscribe(ids, { signal: abort.signal });
    if (!values.quiet) process.stderr.write(`nlkit: monitoring ${ir.name} (${groups.join(', ')})${values.netns ? ` in netns ${values.netns}` : ''}\n`);
    const w = recordWriter(fmt === 'json' ? 'ndjson' : fmt);
    let seen = 0;
    for (;;) {
      let r: IteratorResult<{ message: import('@nlkit/core').NlMessage; sender: number }>;
      try {
        r = await sub.next();
      } catch (err) {
        if (err instanceof OverrunError) {
          process.stderr.write(`nlkit: ${err.message}\n`);
          continue;
        }
        if (err instanceof AbortError || abort.signal.aborted) break;
        throw err;
      }
      if (r.done) break;
      const n = client.toNotification(r.value.message, familyId);
      if (!n) continue;
      const value = respell(client.runtime, n.name, n.value, names);
      if (fmt === 'pretty') await w.item(value, `${n.name}`);
      else await w.item({ name: n.name, value });
      if (count !== undefined && ++seen >= count) break;
    }
    await w.end();
    await sub.return?.();
    return 0;
  } finally {
    cancelTimer?.();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    client.close();
  }
}
