/**
 * BatchChannel against a MemoryTransport peer that answers as nfnetlink does: a datagram that
 * starts with BATCH_BEGIN is one transaction; failures are reported per message by seq (and
 * acks with NLM_F_ACK), a whole-batch failure against BEGIN; BEGIN and END are never acked.
 */
import { describe, it, expect } from 'vitest';
import {
  AbortError, BatchChannel, BatchError, MemoryTransport, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, OutcomeUnknownError,
  SessionClosedError, TimeoutError, splitMessages, NLM_F_ACK, NLM_F_CREATE, NLM_F_REQUEST, type NlMessage,
} from '../core.js';
import { concat, hx, nla, toHex } from './helpers.js';

const NEWTABLE = 0xa00;
const NEWGEN = 0xa0f;
const GETGEN = 0xa10;

function header(len: number, type: number, flags: number, seq: number): Uint8Array {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, len, true);
  dv.setUint16(4, type, true);
  dv.setUint16(6, flags, true);
  dv.setUint32(8, seq, true);
  return b;
}

/** NLMSG_ERROR answering `m`, with an extack offset when given. */
function errorFor(m: NlMessage, errno: number, offset?: number): Uint8Array {
  const tlvs = offset !== undefined ? nla(2, new Uint8Array(new Uint32Array([offset]).buffer)) : new Uint8Array(0);
  const code = new Uint8Array(4);
  new DataView(code.buffer).setInt32(0, -errno, true);
  const echoed = m.buf.slice(m.start - 16, m.start);
  const body = concat(code, echoed, tlvs);
  return concat(header(16 + body.length, 2, 0x100 | (tlvs.length ? 0x200 : 0), m.seq), body);
}

function genReply(seq: number, id: number): Uint8Array {
  const v = new Uint8Array(4);
  new DataView(v.buffer).setUint32(0, id, false);
  const body = concat(new Uint8Array(4), nla(1, v));
  return concat(header(16 + body.length, NEWGEN, 0, seq), body);
}

interface PeerScript {
  /** errno per message index (0-based within the batch). */
  fail?: Map<number, { errno: number; offset?: number }>;
  /** errno reported against BEGIN (the whole batch). */
  failBatch?: number;
  /** Do not answer anything (the batch then times out). */
  silent?: boolean;
  generation?: number;
}

function setup(script: PeerScript = {}) {
  const batches: NlMessage[][] = [];
  let gen = script.generation ?? 7;
  const t = new MemoryTransport((d, tr) => {
    if (script.silent) return;
    const msgs = splitMessages(d);
    const first = msgs[0]!;
    if (first.type === NFNL_MSG_BATCH_BEGIN) {
      batches.push(msgs);
      const inner = msgs.slice(1, -1);
      const answers: Uint8Array[] = [];
      if (script.failBatch) answers.push(errorFor(first, script.failBatch));
      else {
        inner.forEach((m, i) => {
          const f = script.fail?.get(i);
          if (f) answers.push(errorFor(m, f.errno, f.offset));
          else if (m.flags & NLM_F_ACK) answers.push(errorFor(m, 0));
        });
        if (!script.fail?.size && inner.length) gen++;
      }
      queueMicrotask(() => tr.deliver(...answers));
      return;
    }
    // The barrier: GETGEN with NLM_F_ACK.
    queueMicrotask(() => tr.deliver(genReply(first.seq, gen), errorFor(first, 0)));
  }, 12);
  return { t, ch: new BatchChannel(t), batches };
}

const body = (name: string) => concat(hx`01 00 00 00`, nla(1, new TextEncoder().encode(`${name}\0`)));
const namer = () => ({ attributePath: ['name'] });

describe('BatchChannel (nfnetlink batches)', () => {
  it('frames BEGIN, the messages and END as one datagram, then a GETGEN barrier', async () => {
    const { t, ch } = setup();
    const r = await ch.commit([{ type: NEWTABLE, flags: NLM_F_CREATE, body: body('a') }], { generation: 0x01020304 });
    expect(r.generation).toBe(8);
    expect(t.sent).toHaveLength(2);
    const [batch, barrier] = t.sent.map((d) => splitMessages(d));
    expect(batch!.map((m) => m.type)).toEqual([NFNL_MSG_BATCH_BEGIN, NEWTABLE, NFNL_MSG_BATCH_END]);
    const seq0 = batch![0]!.seq;
    expect(batch!.map((m) => m.seq)).toEqual([seq0, seq0 + 1, seq0 + 2]);
    // BEGIN: nfgenmsg {AF_UNSPEC, v0, res_id = 10 big-endian}, NFNL_BATCH_GENID big-endian.
    expect(toHex(t.sent[0]!.subarray(0, 28))).toBe(toHex(concat(
      header(28, NFNL_MSG_BATCH_BEGIN, NLM_F_REQUEST, seq0), hx`00 00 00 0a`, hx`08 00 01 00 01 02 03 04`,
    )));
    expect(batch![1]!.flags).toBe(NLM_F_REQUEST | NLM_F_CREATE);
    expect(toHex(t.sent[0]!.subarray(-20))).toBe(toHex(concat(header(20, NFNL_MSG_BATCH_END, NLM_F_REQUEST, seq0 + 2), hx`00 00 00 0a`)));
    expect(barrier!.map((m) => [m.type, m.flags])).toEqual([[GETGEN, NLM_F_REQUEST | NLM_F_ACK]]);
    ch.close();
  });

  it('with acks, every message carries NLM_F_ACK and the acks are counted', async () => {
    const { ch, batches } = setup();
    const msgs = Array.from({ length: 50 }, (_, i) => ({ type: NEWTABLE, body: body(`t${i}`) }));
    const r = await ch.commit(msgs, { acks: true });
    expect(r.acked).toBe(50);
    expect(batches[0]!.slice(1, -1).every((m) => (m.flags & NLM_F_ACK) !== 0)).toBe(true);
    ch.close();
  });

  it('a failed message names its index, operation and attribute; every failure is listed', async () => {
    const { ch } = setup({ fail: new Map([[2, { errno: 2, offset: 20 }], [4, { errno: 17 }]]) });
    const msgs = Array.from({ length: 5 }, (_, i) => ({ type: NEWTABLE, body: body(`t${i}`), operation: i === 2 ? 'newchain' : 'newtable', namer }));
    const err = await ch.commit(msgs).then(() => undefined, (e: unknown) => e as BatchError);
    expect(err).toBeInstanceOf(BatchError);
    expect(err!.index).toBe(2);
    expect(err!.operation).toBe('newchain');
    expect(err!.code).toBe('ENOENT');
    expect(err!.extack).toMatchObject({ offset: 20, attributePath: ['name'] });
    expect(err!.message).toContain('message 2 of 5 (newchain)');
    expect(err!.failures.map((f) => [f.index, f.error.code])).toEqual([[2, 'ENOENT'], [4, 'EEXIST']]);
    ch.close();
  });

  it('a failure against BEGIN fails the whole batch (index -1); ERESTART says the generation changed', async () => {
    const { ch } = setup({ failBatch: 85 });
    const err = await ch.commit([{ type: NEWTABLE, body: body('a') }], { generation: 3 }).then(() => undefined, (e: unknown) => e as BatchError);
    expect(err!.index).toBe(-1);
    expect(err!.operation).toBe('batch');
    expect(err!.errno).toBe(85);
    expect(err!.message).toContain('the ruleset generation changed');
    ch.close();
  });

  it('an overrun before the barrier: a new barrier is sent, and without a failure the outcome is unknown', async () => {
    const t = new MemoryTransport(() => {}, 12);
    const ch = new BatchChannel(t);
    const p = ch.commit([{ type: NEWTABLE, body: body('a') }]);
    await Promise.resolve();
    t.fail(Object.assign(new Error('ENOBUFS'), { code: 'ENOBUFS' }));
    expect(t.sent).toHaveLength(3);
    const barrier = splitMessages(t.sent[2]!)[0]!;
    expect(barrier.type).toBe(GETGEN);
    t.deliver(errorFor(barrier, 0));
    await expect(p).rejects.toBeInstanceOf(OutcomeUnknownError);
    ch.close();
  });

  it('answers from a user-space port are not the kernel\'s: a forged error does not fail the batch', async () => {
    const t = new MemoryTransport((d, tr) => {
      const msgs = splitMessages(d);
      if (msgs[0]!.type === NFNL_MSG_BATCH_BEGIN) {
        queueMicrotask(() => tr.deliverFrom(4321, errorFor(msgs[1]!, 1)));
        return;
      }
      queueMicrotask(() => tr.deliver(genReply(msgs[0]!.seq, 9), errorFor(msgs[0]!, 0)));
    }, 12);
    const ch = new BatchChannel(t);
    await expect(ch.commit([{ type: NEWTABLE, body: body('a') }])).resolves.toMatchObject({ generation: 9 });
    ch.close();
  });

  it('a batch larger than the send buffer grows it (SO_SNDBUFFORCE)', async () => {
    const { t, ch } = setup();
    const msgs = Array.from({ length: 4000 }, (_, i) => ({ type: NEWTABLE, body: body(`table-${i}`) }));
    await ch.commit(msgs);
    expect(t.sent[0]!.length).toBeGreaterThan(64 * 1024);
    expect(t.options.get('1:32')).toBeGreaterThanOrEqual(t.sent[0]!.length);
    ch.close();
  });

  it('abort, timeout and close settle the batch', async () => {
    const { ch } = setup({ silent: true });
    const ac = new AbortController();
    const aborted = ch.commit([{ type: NEWTABLE, body: body('a') }], { signal: ac.signal });
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    await expect(ch.commit([{ type: NEWTABLE, body: body('b') }], { timeoutMs: 20 })).rejects.toBeInstanceOf(TimeoutError);
    const open = ch.commit([{ type: NEWTABLE, body: body('c') }]);
    ch.close();
    await expect(open).rejects.toBeInstanceOf(SessionClosedError);
    await expect(ch.commit([])).rejects.toBeInstanceOf(SessionClosedError);
  });
});
