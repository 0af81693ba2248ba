/** Which failed requests get a hint, and which do not. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { FamilyClient, MemoryTransport, NLM_F_CREATE, NLM_F_EXCL, NetlinkError, Session, ValidationError, defineFamily, hintFor, splitMessages } from '../core.js';
import { errorMsg } from './helpers.js';

const ctx = { family: 'rt-link', op: 'newlink', flags: 0, request: { ifname: 'd0' }, code: 'ENODEV' };

describe('hintFor', () => {
  it('a new* request without create that found nothing: send it with create', () => {
    expect(hintFor(ctx)).toMatch(/^newlink without the create flag only changes an existing object.*--flags create,excl/);
    expect(hintFor({ ...ctx, family: 'rt-addr', op: 'newaddr', code: 'ENOENT' })).toMatch(/^newaddr without the create flag/);
    // With create, or another errno, it is something else.
    expect(hintFor({ ...ctx, flags: NLM_F_CREATE | NLM_F_EXCL })).toBeUndefined();
    expect(hintFor({ ...ctx, code: 'EEXIST' })).toBeUndefined();
    expect(hintFor({ ...ctx, code: 'EINVAL' })).toBeUndefined();
  });

  it('delroute that missed by scope: match any scope with nowhere', () => {
    const del = { family: 'rt-route', op: 'delroute', flags: 0, code: 'ESRCH', request: { header: { rtmFamily: 2, rtmDstLen: 24 }, dst: '10.9.0.0' } };
    expect(hintFor(del)).toMatch(/^delroute matched no route: IPv4 routes are matched by scope too, and header.rtmScope left out is 0 \(universe\).*'nowhere' \(255\)/);
    expect(hintFor({ ...del, request: { header: { rtmFamily: 'inet', rtmScope: 'link' } } })).toMatch(/rtmScope link must equal the route's/);
    // With nowhere already, the generic selector hint lists what was given.
    expect(hintFor({ ...del, request: { header: { rtmFamily: 2, rtmScope: 'nowhere', rtmTable: 'main' }, dst: '10.9.0.0' } }))
      .toBe("delroute matched nothing: each field given must match the object (given: header.rtmFamily, header.rtmScope, header.rtmTable, dst); check them against a dump, and add the selectors that tell it apart (table, scope, family...)");
    // IPv6 routes have no scope to miss.
    expect(hintFor({ ...del, request: { header: { rtmFamily: 10 } } })).toMatch(/^delroute matched nothing/);
  });

  it('del*/get* ENOENT, ESRCH and ENODEV only; other ops and errnos get none', () => {
    expect(hintFor({ family: 'rt-neigh', op: 'delneigh', flags: 0, code: 'ENOENT', request: { dst: '10.0.0.9' } })).toMatch(/^delneigh matched nothing: .*\(given: dst\)/);
    expect(hintFor({ family: 'nlctrl', op: 'getfamily', flags: 0, code: 'ENOENT', request: {} })).toMatch(/^getfamily matched nothing: each field given must match the object; check/);
    expect(hintFor({ family: 'rt-link', op: 'setlink', flags: 0, code: 'ENODEV', request: {} })).toBeUndefined();
    expect(hintFor({ family: 'rt-link', op: 'getlink', flags: 0, code: 'ENODEV', request: { ifname: 'nope' } })).toMatch(/^getlink matched nothing: .*\(given: ifname\)/);
    expect(hintFor({ family: 'rt-route', op: 'delroute', flags: 0, code: 'EPERM', request: {} })).toBeUndefined();
  });
});

describe('FamilyClient: spelling and hints with a peer that answers ENODEV', () => {
  const link = defineFamily(loadSchemaFileSync(fileURLToPath(new URL('../../../../schemas/rt-link.yaml', import.meta.url))));
  const peer = () => new MemoryTransport((d, tr) => tr.deliver(errorMsg(splitMessages(d)[0]!, -19)));

  it('the generic client takes the schema spelling and attaches the hint; a subclass (a typed client) takes its camelCase as is', async () => {
    const s = new Session(peer());
    try {
      const generic = new FamilyClient(link, s);
      const err = await generic.doRequest('newlink', { ifname: 'd0', 'num-tx-queues': 2, 'ifi-index': 0 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetlinkError);
      expect((err as NetlinkError).code).toBe('ENODEV');
      expect((err as NetlinkError).hint).toMatch(/^newlink without the create flag/);
      // With create: no hint.
      const created = await generic.doRequest('newlink', { ifname: 'd0' }, { flags: ['create'] }).catch((e: unknown) => e);
      expect((created as NetlinkError).hint).toBeUndefined();

      class Typed extends FamilyClient {}
      const typed = new Typed(link, s);
      await expect(typed.doRequest('newlink', { ifname: 'd0', 'num-tx-queues': 2 })).rejects.toThrow(ValidationError);
      const camel = await typed.doRequest('newlink', { ifname: 'd0', numTxQueues: 2 }).catch((e: unknown) => e);
      expect((camel as NetlinkError).hint).toMatch(/^newlink without the create flag/);
      // Batches get hints per request.
      const [one] = await generic.doBatch('newlink', [{ ifname: 'd1' }]);
      expect(one!.status === 'rejected' && (one.reason as NetlinkError).hint).toMatch(/^newlink without the create flag/);
    } finally {
      s.close();
    }
  });
});
