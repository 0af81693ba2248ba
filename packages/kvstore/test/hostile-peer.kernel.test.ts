/**
 * A kvstore client against a hostile user-space peer (NETLINK_USERSOCK): answers that do not
 * decode, wrong sequence numbers, garbage, malformed datagram tails. Each call settles with a
 * typed error (or its valid answer), and the client's session keeps serving afterwards.
 */
import { describe, expect } from 'vitest';
import { kernelIt } from '@nlkit/testkit';
import { DecodeError, PEER_TIMEOUT_MS, Session, TimeoutError, type NlMessage } from '@nlkit/core';
import { MessageBuilder, NLMSG_DONE, NLMSG_ERROR, NLM_F_MULTI, stringBytes } from '@nlkit/core/wire';
import { KvstoreClient, kvstoreRuntime } from '../src/index.js';

const REPLY = 33; // get's reply type in the kvstore schema
const ATTR_KEY = 1;

type Answer = (req: NlMessage, reply: (type: number, body: Uint8Array, flags?: number) => Uint8Array) => Uint8Array[];

/** A peer that answers each request with the datagrams `answer` makes. */
async function hostilePeer(answer: Answer) {
  const session = await Session.open({ protocol: kvstoreRuntime.ir.protonum });
  const serving = (async () => {
    for await (const { message, sender } of session.subscribe()) {
      const reply = (type: number, body: Uint8Array, flags = 0) => session.encode({ type, body }, message.seq, flags);
      for (const d of answer(message, reply)) session.transport.send(d, sender);
    }
  })().catch(() => {});
  return { session, close: async () => { session.close(); await serving; } };
}

/** A get reply: the 8-byte kvmsg header and a key attribute. */
function entry(key: string): Uint8Array {
  const b = new MessageBuilder(64);
  b.zeros(8);
  b.view.setUint8(0, 1);
  b.attr(ATTR_KEY, stringBytes(key));
  return b.finish();
}

/** An ack for `req`: error 0 and its header. */
function ackBody(req: NlMessage): Uint8Array {
  const body = new Uint8Array(20);
  body.set(req.buf.subarray(req.start - 16, req.start), 4);
  return body;
}

const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

describe('a client against a hostile user-space peer', () => {
  kernelIt('a dump message that does not decode rejects that dump with DecodeError; the session keeps serving', async () => {
    let calls = 0;
    const peer = await hostilePeer((req, reply) => {
      calls++;
      if (calls === 1) {
        const broken = entry('b');
        new DataView(broken.buffer).setUint16(8, 200, true); // the key attribute's nla_len runs past the message
        return [
          reply(REPLY, entry('a'), NLM_F_MULTI),
          join(reply(REPLY, broken, NLM_F_MULTI), reply(REPLY, entry('c'), NLM_F_MULTI)),
          reply(NLMSG_DONE, new Uint8Array(4), NLM_F_MULTI),
        ];
      }
      return [join(reply(REPLY, entry('fine')), reply(NLMSG_ERROR, ackBody(req)))];
    });
    const client = await KvstoreClient.open({ peer: peer.session.portId, timeoutMs: 2000 });
    try {
      const keys: string[] = [];
      const err = await (async () => { for await (const e of client.getDump({ header: { version: 1 } })) keys.push(e.key!); })().catch((e) => e);
      expect(keys).toEqual(['a']);
      expect(err).toBeInstanceOf(DecodeError);
      expect(err.message).toMatch(/runs past/);
      const got = await client.get({ header: { version: 1 }, key: 'fine' });
      expect(got?.key).toBe('fine');
    } finally {
      client.close();
      await peer.close();
    }
  });

  kernelIt('wrong sequence numbers and garbage: the call times out, late answers are dropped and counted', async () => {
    const peer = await hostilePeer((req, reply) => {
      const wrong = reply(REPLY, entry('x'));
      new DataView(wrong.buffer).setUint32(8, req.seq + 1, true);
      return [wrong, Uint8Array.from([1, 2, 3, 4, 5]), new Uint8Array(40).fill(0xff)];
    });
    const client = await KvstoreClient.open({ peer: peer.session.portId, timeoutMs: 300 });
    try {
      const err = await client.get({ header: { version: 1 }, key: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err.sent).toBe(true);
      expect(client.session.stats.malformed).toBeGreaterThanOrEqual(2);
    } finally {
      client.close();
      await peer.close();
    }
  });

  kernelIt('a valid reply and ack followed by a malformed tail in one datagram: the call gets its answer', async () => {
    const peer = await hostilePeer((req, reply) => [join(reply(REPLY, entry('ok')), reply(NLMSG_ERROR, ackBody(req)), Uint8Array.from([9, 9, 9, 9, 9, 9, 9, 9]))]);
    const client = await KvstoreClient.open({ peer: peer.session.portId, timeoutMs: 2000 });
    try {
      expect((await client.get({ header: { version: 1 }, key: 'ok' }))?.key).toBe('ok');
      expect(client.session.stats.malformed).toBe(1);
    } finally {
      client.close();
      await peer.close();
    }
  });

  kernelIt('a client of a user-space peer with no timeout set gets the user-space default (30 s)', async () => {
    const peer = await hostilePeer(() => []);
    const client = await KvstoreClient.open({ peer: peer.session.portId });
    try {
      expect(client.session.defaultTimeoutMs).toBe(PEER_TIMEOUT_MS);
    } finally {
      client.close();
      await peer.close();
    }
  });
});
