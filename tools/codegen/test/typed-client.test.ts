/**
 * The typed runtime types what it claims to: a generated client's generic calls take and return
 * the operation's types, and wrong op names, modes and fields are compile errors. A snippet using
 * the checked-in rt-route module is type-checked; each `@ts-expect-error` must be needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostics, repoRoot, typeCheck } from './helpers.js';

const snippet = (gen: string) => `
import { RtRouteClient, rtRouteRuntime, decodeGetrouteDumpReply, type GetrouteDumpReply, type MplsLabel, type RtRouteTypes } from '${gen}';
import { FamilyClient, decodeDumpReply } from '@nlkit/core/codegenv1';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const same = <A, B>(ok: Equal<A, B>) => ok;

declare const client: RtRouteClient;
export async function check(): Promise<void> {
  const reply = await client.doRequest('getroute', { header: { rtmFamily: 2 } });
  same<typeof reply, Awaited<ReturnType<RtRouteClient['getroute']>>>(true);
  for await (const r of client.dumpRequest('getroute', { header: { rtmFamily: 2 } })) same<typeof r, GetrouteDumpReply>(true);
  const acks = await client.newrouteBatch([{ dst: '10.0.0.1' }]);
  same<typeof acks, Array<PromiseSettledResult<undefined>>>(true);
  same<ReturnType<typeof decodeGetrouteDumpReply>, GetrouteDumpReply>(true);
  same<ReturnType<typeof decodeDumpReply<RtRouteTypes, 'getroute'>>, GetrouteDumpReply>(true);
  const n = await client.notifications().next();
  // dst is an address, or an MPLS label stack when rtm-family is mpls (nlkit-select); a packed
  // array keeps the bytes after its last whole element as $tail.
  if (!n.done && n.value.name === 'newroute-ntf') same<typeof n.value.value.dst, string | (MplsLabel[] & { $tail?: Uint8Array }) | undefined>(true);
  // @ts-expect-error: no such operation
  await client.doRequest('getrouet', {});
  // @ts-expect-error: delroute has no dump mode
  client.dumpRequest('delroute', {});
  // @ts-expect-error: a field the request does not take
  await client.newroute({ bogus: 1 });
  // @ts-expect-error: dst is an address, not a number
  await client.doBatch('newroute', [{ dst: 5 }]);
  // An untyped client takes any op and returns plain objects.
  const plain = await FamilyClient.open(rtRouteRuntime);
  const any = await plain.doRequest('whatever', { x: 1 });
  same<typeof any, Record<string, unknown> | undefined>(true);
}
`;

describe('typed runtime', () => {
  it('a generated client is typed by its FamilyTypes, and mistakes do not compile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-typed-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      const file = join(dir, 'check.ts');
      writeFileSync(file, snippet(join(repoRoot, 'packages/rt-route/src/gen/rt-route.js')));
      const diags = typeCheck([file]);
      expect(formatDiagnostics(diags)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
