import { describe, expect } from 'vitest';
import { kernelIt } from '@nlkit/testkit';
import { NetlinkError, ValidationError } from '@nlkit/core';
import { KvstoreClient, KvstoreServer } from '../src/index.js';

describe('kvstore: a custom protocol between two user-space sockets (NETLINK_USERSOCK)', () => {
  kernelIt('put, get, dump, delete and change notifications, end to end', async () => {
    const server = await KvstoreServer.start();
    const client = await KvstoreClient.open({ peer: server.portId });
    const watcher = await KvstoreClient.open({ peer: server.portId });
    try {
      const changes = watcher.notifications(['changes']);
      const firstChange = changes.next(); // joins the group
      await new Promise((r) => setTimeout(r, 20));

      await client.put({ header: { version: 1, ttl: 60 }, key: 'colour', kind: 'text', text: 'teal', tag: [{ name: 'team', value: 'net' }, { name: 'env', value: 'lab' }] });
      await client.put({ header: { version: 1, flags: ['quiet'] }, key: 'hits', kind: 'counter', counter: 41n });

      const got = (await client.get({ header: { version: 1 }, key: 'colour' }))!;
      expect(got.text).toBe('teal');
      expect(got.kind).toBe('text');
      expect(got.tag).toEqual([{ name: 'team', value: 'net' }, { name: 'env', value: 'lab' }]);
      expect(got.version).toBe(1);
      expect(got.owner).toBe(client.session.portId);
      expect(got.header.version).toBe(1);

      const change = (await firstChange).value!;
      expect(change.name).toBe('changed');
      expect(change.value.key).toBe('colour');
      expect(change.value.text).toBe('teal');

      // A second put without overwrite is refused by the server, with its message.
      const dup = await client.put({ header: { version: 1 }, key: 'colour', kind: 'text', text: 'red' }).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(NetlinkError);
      expect((dup as NetlinkError).code).toBe('EEXIST');
      expect((dup as NetlinkError).extack.message).toMatch(/overwrite/);
      await client.put({ header: { version: 1, flags: ['overwrite', 'quiet'] }, key: 'colour', kind: 'text', text: 'red' });

      const all = [];
      for await (const e of client.getDump({ header: { version: 1 } })) all.push([e.key, e.text ?? e.counter, e.version]);
      expect(all).toEqual([['colour', 'red', 2], ['hits', 41n, 1]]);

      await client.delete({ header: { version: 1 }, key: 'hits' });
      const gone = await client.get({ header: { version: 1 }, key: 'hits' }).catch((e: unknown) => e);
      expect((gone as NetlinkError).code).toBe('ENOENT');
      const deleted = (await changes.next()).value!;
      expect([deleted.name, deleted.value.key, deleted.value.kind]).toEqual(['changed', 'hits', undefined]);
      await changes.return?.();

      // Validation happens on the client: the 65-byte key never reaches the server.
      await expect(client.get({ header: { version: 1 }, key: 'k'.repeat(65) })).rejects.toBeInstanceOf(ValidationError);
    } finally {
      client.close();
      watcher.close();
      await server.close();
    }
  });
});
