/** FamilyClient.dumpBatches: undecoded replies in arrival batches, in order, with errors and retries as dumpRequest has them. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { FamilyClient, MemoryTransport, NLM_F_DUMP_INTR, NLM_F_MULTI, NetlinkError, Session, defineFamily, splitMessages, type NlMessage } from '../core.js';
import { doneMsg, errorMsg, nlmsg, tick } from './helpers.js';

const route = defineFamily(loadSchemaFileSync(fileURLToPath(new URL('../../../../schemas/rt-route.yaml', import.meta.url))));
const RTM_NEWROUTE = 24;

/** A route reply body: rtmsg (family inet, /32) + RTA_TABLE n. */
function routeBody(n: number): Uint8Array {
  const enc = route.encodeReply('getroute', { header: { rtmFamily: 2, rtmDstLen: 32 }, table: n }, 0);
  return enc.body!;
}

/** A peer that answers each dump request through `answer`. */
function client(answer: (req: NlMessage, t: MemoryTransport, attempt: number) => void) {
  let attempt = 0;
  const t = new MemoryTransport((d, tr) => answer(splitMessages(d)[0]!, tr, attempt++));
  return new FamilyClient(route, new Session(t));
}

const tables = (batches: NlMessage[][]) => batches.flat().map((m) => (route.decodeMessage(route.op('getroute'), m) as { table: unknown }).table);

describe('FamilyClient.dumpBatches', () => {
  it('yields every reply once, in order, a batch of what has arrived at a time', async () => {
    const c = client((req, t) => {
      // Two deliveries: the first three replies come together, the other two a tick later.
      t.deliver(...[1, 2, 3].map((n) => nlmsg(RTM_NEWROUTE, NLM_F_MULTI, req.seq, routeBody(n))));
      setImmediate(() => t.deliver(...[4, 5].map((n) => nlmsg(RTM_NEWROUTE, NLM_F_MULTI, req.seq, routeBody(n))), doneMsg(req.seq)));
    });
    const batches: NlMessage[][] = [];
    for await (const b of c.dumpBatches('getroute', { header: { rtmFamily: 2 } })) batches.push(b);
    expect(tables(batches)).toEqual([1, 2, 3, 4, 5]);
    expect(batches.length).toBeLessThan(5);
    expect(batches[0]!.length).toBe(3);
    c.close();
  });

  it('a kernel error ends it with the NetlinkError; the session serves the next request', async () => {
    const c = client((req, t, attempt) => {
      if (attempt === 0) t.deliver(nlmsg(RTM_NEWROUTE, NLM_F_MULTI, req.seq, routeBody(1)), errorMsg(req, -1));
      else t.deliver(doneMsg(req.seq));
    });
    const seen: number[] = [];
    const err = await (async () => {
      for await (const b of c.dumpBatches('getroute', {})) seen.push(b.length);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect((err as NetlinkError).code).toBe('EPERM');
    expect(seen).toEqual([1]);
    const after: NlMessage[][] = [];
    for await (const b of c.dumpBatches('getroute', {})) after.push(b);
    expect(after).toEqual([]);
    c.close();
  });

  it('with retries, an interrupted dump runs again and arrives whole', async () => {
    const c = client((req, t, attempt) => {
      const flags = NLM_F_MULTI | (attempt === 0 ? NLM_F_DUMP_INTR : 0);
      t.deliver(nlmsg(RTM_NEWROUTE, flags, req.seq, routeBody(attempt === 0 ? 9 : 7)), doneMsg(req.seq, 0, 0x2 | (attempt === 0 ? NLM_F_DUMP_INTR : 0)));
    });
    const batches: NlMessage[][] = [];
    for await (const b of c.dumpBatches('getroute', {}, { retries: 1 })) batches.push(b);
    expect(tables(batches)).toEqual([7]);
    c.close();
  });

  it('leaving early drains the dump on the wire: the next one starts', async () => {
    const c = client((req, t, attempt) => {
      t.deliver(nlmsg(RTM_NEWROUTE, NLM_F_MULTI, req.seq, routeBody(attempt + 1)));
      setImmediate(() => t.deliver(doneMsg(req.seq)));
    });
    for await (const b of c.dumpBatches('getroute', {})) {
      expect(b).toHaveLength(1);
      break;
    }
    await tick();
    const next: NlMessage[][] = [];
    for await (const b of c.dumpBatches('getroute', {})) next.push(b);
    expect(tables(next)).toEqual([2]);
    c.close();
  });
});
