/** Session against MemoryTransport: the test plays the kernel, message by message. */
import { describe, it, expect } from 'vitest';
import {
  Session, MemoryTransport, splitMessages, NetlinkError, DumpInterruptedError, AbortError, TimeoutError,
  SessionClosedError, OverrunError, AsyncQueue, NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, NLM_F_DUMP_INTR,
  type NlMessage, type SessionOptions,
} from '../core.js';
import { nlmsg, errorMsg, ackMsg, doneMsg, u32le, hx, tick } from './helpers.js';

const DATA = 100; // a data message type (>= NLMSG_MIN_TYPE)

/** A session whose peer only records what was sent; the test answers by hand. */
function setup(options: Partial<SessionOptions> = {}) {
  const reqs: NlMessage[] = [];
  const t = new MemoryTransport((d) => { reqs.push(...splitMessages(d)); });
  const s = new Session(t, options);
  return { t, s, reqs };
}

/** A data message for `seq` whose payload is one u32, so tests can tell replies apart. */
const data = (seq: number, n: number, flags = 0) => nlmsg(DATA, flags, seq, u32le(n));
const valueOf = (m: NlMessage) => new DataView(m.buf.buffer, m.buf.byteOffset).getUint32(m.start, true);

/** Resolves to 'pending' if `p` has not settled after a tick. */
async function state(p: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  let st: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(() => { st = 'resolved'; }, () => { st = 'rejected'; });
  await tick();
  return st;
}

describe('Session requests', () => {
  it('sends REQUEST|ACK with our port id and a fresh seq, and resolves with the replies at the ack', async () => {
    const { t, s, reqs } = setup();
    const p = s.request({ type: DATA, flags: 0x400, body: hx`01 02 03` });
    expect(reqs).toHaveLength(1);
    const r = reqs[0]!;
    expect(r.flags).toBe(NLM_F_REQUEST | NLM_F_ACK | 0x400);
    expect(r.portId).toBe(4242);
    expect(r.length).toBe(19); // nlmsg_len counts the body, not its padding
    expect(t.sent[0]!.length).toBe(20);
    t.deliver(data(r.seq, 7));
    expect(await state(p)).toBe('pending'); // a reply alone does not finish the request
    t.deliver(ackMsg(r));
    const replies = await p;
    expect(replies.map(valueOf)).toEqual([7]);
    const p2 = s.request({ type: DATA });
    expect(reqs[1]!.seq).not.toBe(r.seq);
    t.deliver(ackMsg(reqs[1]!));
    expect(await p2).toEqual([]);
    s.close();
  });

  it('matches replies by sequence number when they arrive out of order', async () => {
    const { t, s, reqs } = setup();
    const p1 = s.request({ type: DATA });
    const p2 = s.request({ type: DATA });
    const [r1, r2] = reqs as [NlMessage, NlMessage];
    t.deliver(data(r2.seq, 2), ackMsg(r2));
    expect((await p2).map(valueOf)).toEqual([2]);
    expect(await state(p1)).toBe('pending');
    t.deliver(data(r1.seq, 1), ackMsg(r1));
    expect((await p1).map(valueOf)).toEqual([1]);
    s.close();
  });

  it('an error ack rejects with NetlinkError carrying errno, code and the extack', async () => {
    const { t, s, reqs } = setup();
    const p = s.request({ type: DATA }, { operation: 'test op' });
    t.deliver(errorMsg(reqs[0]!, -17, hx`
      0c 00 01 00  65 78 69 73 74 73 00 00     // NLMSGERR_ATTR_MSG = "exists"
      08 00 02 00  14 00 00 00                 // NLMSGERR_ATTR_OFFS = 20
    `));
    const err = await p.catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.errno).toBe(17);
    expect(err.code).toBe('EEXIST');
    expect(err.requestType).toBe(DATA);
    expect(err.extack).toEqual({ message: 'exists', offset: 20 });
    expect(err.message).toBe('test op: exists (EEXIST) at request offset 20');
    s.close();
  });

  it('uses the namer to turn the extack into names', async () => {
    const { t, s, reqs } = setup();
    const p = s.request({ type: DATA }, { namer: (ack, req) => ({ attributePath: [`at-${ack.offset}-of-${req.length}`] }) });
    t.deliver(errorMsg(reqs[0]!, -22, hx`08 00 02 00 10 00 00 00`));
    expect((await p.catch((e) => e)).extack.attributePath).toEqual(['at-16-of-16']);
    s.close();
  });

  it('with expectReply false, data with the request\'s seq goes to subscribers', async () => {
    const { t, s, reqs } = setup();
    const sub = s.subscribe();
    const p = s.request({ type: DATA }, { expectReply: false });
    t.deliver(data(reqs[0]!.seq, 9), ackMsg(reqs[0]!));
    expect(await p).toEqual([]);
    const n = await sub.next();
    expect(valueOf(n.value.message)).toBe(9);
    s.close();
  });

  it('200 concurrent requests each get their own reply', async () => {
    const { t, s, reqs } = setup();
    const promises = Array.from({ length: 200 }, () => s.request({ type: DATA }));
    expect(new Set(reqs.map((r) => r.seq)).size).toBe(200);
    // Answer in reverse order, several per datagram.
    const reversed = [...reqs].reverse();
    for (let i = 0; i < reversed.length; i += 7) {
      t.deliver(...reversed.slice(i, i + 7).flatMap((r) => [data(r.seq, r.seq ^ 0x5a5a), ackMsg(r)]));
    }
    const results = await Promise.all(promises);
    results.forEach((replies, i) => expect(replies.map(valueOf)).toEqual([reqs[i]!.seq ^ 0x5a5a]));
    s.close();
  });

  it('requestBatch pipelines requests in one datagram, each with its own promise', async () => {
    const { t, s, reqs } = setup();
    const ps = s.requestBatch([{ type: DATA }, { type: DATA + 1 }, { type: DATA + 2 }]);
    expect(t.sent).toHaveLength(1);
    expect(splitMessages(t.sent[0]!).map((m) => m.type)).toEqual([DATA, DATA + 1, DATA + 2]);
    expect(reqs.every((r) => r.flags === (NLM_F_REQUEST | NLM_F_ACK))).toBe(true);
    t.deliver(ackMsg(reqs[2]!), errorMsg(reqs[1]!, -1), data(reqs[0]!.seq, 5), ackMsg(reqs[0]!));
    expect((await ps[0]!).map(valueOf)).toEqual([5]);
    await expect(ps[1]).rejects.toMatchObject({ code: 'EPERM' });
    expect(await ps[2]).toEqual([]);
    s.close();
  });

  it('requestBatch splits at 64 KiB', async () => {
    const { t, s, reqs } = setup();
    const body = new Uint8Array(30000);
    const ps = s.requestBatch([{ type: DATA, body }, { type: DATA, body }, { type: DATA, body }]);
    expect(t.sent.map((d) => splitMessages(d).length)).toEqual([2, 1]);
    t.deliver(...reqs.map(ackMsg));
    await Promise.all(ps);
    s.close();
  });
});

describe('Session dumps', () => {
  it('streams a multi-part dump: the consumer sees the first message before DONE arrives', async () => {
    const { t, s, reqs } = setup();
    const it = s.dump({ type: DATA });
    const r = reqs[0]!;
    expect(r.flags).toBe(NLM_F_REQUEST | NLM_F_DUMP);
    t.deliver(data(r.seq, 1, NLM_F_MULTI));
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(valueOf(first.value)).toBe(1);
    const second = it.next();
    expect(await state(second)).toBe('pending');
    t.deliver(concatDatagram(data(r.seq, 2, NLM_F_MULTI), data(r.seq, 3, NLM_F_MULTI), doneMsg(r.seq)));
    expect(valueOf((await second).value)).toBe(2);
    const rest: number[] = [];
    for await (const m of it) rest.push(valueOf(m));
    expect(rest).toEqual([3]);
    s.close();
  });

  it('a DONE carrying a negative error throws NetlinkError after the messages', async () => {
    const { t, s, reqs } = setup();
    const it = s.dump({ type: DATA });
    t.deliver(data(reqs[0]!.seq, 1, NLM_F_MULTI), doneMsg(reqs[0]!.seq, -95));
    expect(valueOf((await it.next()).value)).toBe(1);
    const err = await it.next().catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('EOPNOTSUPP');
    s.close();
  });

  it('a DONE error with an extack message (TLVs follow the errno directly) keeps the message', async () => {
    const { t, s, reqs } = setup();
    const it = s.dump({ type: DATA });
    t.deliver(doneMsg(reqs[0]!.seq, -22, NLM_F_MULTI, hx`
      1c 00 01 00                               // NLMSGERR_ATTR_MSG, len 28
      69 6e 76 61 6c 69 64 20 64 75 6d 70       //   "invalid dump"
      20 66 69 6c 74 65 72 20 61 74 74 72 00    //   " filter attr\\0"
      00 00 00                                  //   padding
    `));
    const err = await it.next().catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('EINVAL');
    expect(err.extack.message).toBe('invalid dump filter attr');
    s.close();
  });

  it('an NLMSG_ERROR answering a dump throws NetlinkError with the extack', async () => {
    const { t, s, reqs } = setup();
    const it = s.dump({ type: DATA }, { operation: 'get dump' });
    t.deliver(errorMsg(reqs[0]!, -1, hx`0c 00 01 00 6e 6f 20 77 61 79 00 00`));
    const err = await it.next().catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('EPERM');
    expect(err.message).toBe('get dump: no way (EPERM)');
    s.close();
  });

  it('NLM_F_DUMP_INTR: all messages are yielded, then DumpInterruptedError', async () => {
    const { t, s, reqs } = setup();
    const it = s.dump({ type: DATA });
    const seq = reqs[0]!.seq;
    t.deliver(data(seq, 1, NLM_F_MULTI), data(seq, 2, NLM_F_MULTI | NLM_F_DUMP_INTR), data(seq, 3, NLM_F_MULTI), doneMsg(seq));
    const got: number[] = [];
    const err = await (async () => { for await (const m of it) got.push(valueOf(m)); })().catch((e) => e);
    expect(got).toEqual([1, 2, 3]);
    expect(err).toBeInstanceOf(DumpInterruptedError);
    expect(err.received).toBe(3);
    s.close();
  });

  it('NLM_F_DUMP_INTR set only on the DONE message still reports the interruption', async () => {
    // The kernel checks consistency again when it writes NLMSG_DONE (nl_dump_check_consistent).
    const { t, s, reqs } = setup();
    const it = s.dump({ type: DATA });
    const seq = reqs[0]!.seq;
    t.deliver(data(seq, 1, NLM_F_MULTI), doneMsg(seq, 0, NLM_F_MULTI | NLM_F_DUMP_INTR));
    expect(valueOf((await it.next()).value)).toBe(1);
    await expect(it.next()).rejects.toBeInstanceOf(DumpInterruptedError);
    s.close();
  });

  it('dumpAll with retries runs an interrupted dump again', async () => {
    let attempt = 0;
    const t = new MemoryTransport((d, tr) => {
      const [r] = splitMessages(d);
      attempt++;
      const intr = attempt === 1 ? NLM_F_DUMP_INTR : 0;
      tr.deliver(data(r!.seq, attempt * 10, NLM_F_MULTI | intr), data(r!.seq, attempt * 10 + 1, NLM_F_MULTI | intr), doneMsg(r!.seq));
    });
    const s = new Session(t);
    const all = await s.dumpAll({ type: DATA }, { retries: 2 });
    expect(all.map(valueOf)).toEqual([20, 21]);
    expect(t.sent).toHaveLength(2);
    s.close();
  });

  it('dumpAll gives up after its retries with the number of attempts', async () => {
    const t = new MemoryTransport((d, tr) => {
      const [r] = splitMessages(d);
      tr.deliver(data(r!.seq, 1, NLM_F_MULTI | NLM_F_DUMP_INTR), doneMsg(r!.seq));
    });
    const s = new Session(t);
    const err = await s.dumpAll({ type: DATA }, { retries: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(DumpInterruptedError);
    expect(err.attempts).toBe(2);
    expect(t.sent).toHaveLength(2);
    // Without retries, the first interruption is final.
    await expect(s.dumpAll({ type: DATA })).rejects.toBeInstanceOf(DumpInterruptedError);
    expect(t.sent).toHaveLength(3);
    s.close();
  });

  it('breaking out of a dump loop stops delivery; later messages for it are dropped', async () => {
    const { t, s, reqs } = setup();
    const sub = s.subscribe();
    const it = s.dump({ type: DATA });
    const seq = reqs[0]!.seq;
    t.deliver(data(seq, 1, NLM_F_MULTI), data(seq, 2, NLM_F_MULTI));
    const got: number[] = [];
    for await (const m of it) {
      got.push(valueOf(m));
      break;
    }
    expect(got).toEqual([1]);
    t.deliver(data(seq, 3, NLM_F_MULTI), doneMsg(seq));
    expect(await it.next()).toEqual({ value: undefined, done: true });
    // None of the dump's messages leaked to the subscriber; a real notification does get through.
    t.deliver(data(0, 99));
    expect(valueOf((await sub.next()).value.message)).toBe(99);
    s.close();
  });
});

describe('Session abort and timeouts', () => {
  it('an already-aborted signal rejects a request and a dump without sending anything', async () => {
    const { t, s } = setup();
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    const err = await s.request({ type: DATA }, { signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(err.message).toBe('stop');
    await expect(s.dump({ type: DATA }, { signal: ac.signal }).next()).rejects.toBeInstanceOf(AbortError);
    expect(t.sent).toHaveLength(0);
    s.close();
  });

  it('aborting during a request rejects it; the late ack is ignored', async () => {
    const { t, s, reqs } = setup();
    const ac = new AbortController();
    const p = s.request({ type: DATA }, { signal: ac.signal });
    expect(await state(p)).toBe('pending');
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(AbortError);
    t.deliver(ackMsg(reqs[0]!));
    // The session keeps working.
    const p2 = s.request({ type: DATA });
    t.deliver(ackMsg(reqs[1]!));
    expect(await p2).toEqual([]);
    s.close();
  });

  it('aborting during a dump throws at once (unread messages dropped); later ones are dropped too', async () => {
    const { t, s, reqs } = setup();
    const sub = s.subscribe();
    const ac = new AbortController();
    const it = s.dump({ type: DATA }, { signal: ac.signal });
    const seq = reqs[0]!.seq;
    t.deliver(data(seq, 1, NLM_F_MULTI));
    expect(valueOf((await it.next()).value)).toBe(1);
    t.deliver(data(seq, 2, NLM_F_MULTI));
    const pendingNext = it.next(); // already has message 2
    expect(valueOf((await pendingNext).value)).toBe(2);
    const waiting = it.next(); // nothing queued: waits
    ac.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    t.deliver(data(seq, 3, NLM_F_MULTI), doneMsg(seq));
    t.deliver(data(0, 99));
    expect(valueOf((await sub.next()).value.message)).toBe(99);
    s.close();
  });

  it('aborting a dump with messages still queued drops them and throws on the next pull', async () => {
    const { t, s, reqs } = setup();
    const ac = new AbortController();
    const it = s.dump({ type: DATA }, { signal: ac.signal });
    t.deliver(data(reqs[0]!.seq, 1, NLM_F_MULTI), data(reqs[0]!.seq, 2, NLM_F_MULTI));
    ac.abort();
    await expect(it.next()).rejects.toBeInstanceOf(AbortError);
    s.close();
  });

  it('timeoutMs rejects a request that gets no answer', async () => {
    const { s } = setup();
    const started = Date.now();
    const err = await s.request({ type: DATA }, { timeoutMs: 30, operation: 'slow op' }).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe('slow op timed out after 30 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    s.close();
  });

  it('the session default timeout applies, and a dump\'s timeout restarts with each message', async () => {
    const { t, s, reqs } = setup({ timeoutMs: 60 });
    await expect(s.request({ type: DATA })).rejects.toBeInstanceOf(TimeoutError);
    const it = s.dump({ type: DATA });
    const seq = reqs[1]!.seq;
    const got: number[] = [];
    const done = (async () => { for await (const m of it) got.push(valueOf(m)); })();
    // Four messages 30 ms apart: 120 ms in total, but never 60 ms of silence.
    for (let i = 1; i <= 4; i++) {
      await new Promise((r) => setTimeout(r, 30));
      t.deliver(data(seq, i, NLM_F_MULTI));
    }
    const err = await done.catch((e) => e);
    expect(got).toEqual([1, 2, 3, 4]);
    expect(err).toBeInstanceOf(TimeoutError);
    s.close();
  });
});

describe('Session close', () => {
  it('close() rejects every pending call and subscription with SessionClosedError', async () => {
    const { t, s } = setup();
    const p = s.request({ type: DATA });
    const it = s.dump({ type: DATA });
    const sub = s.subscribe([5]);
    const dumpNext = it.next();
    const subNext = sub.next();
    s.close();
    await expect(p).rejects.toBeInstanceOf(SessionClosedError);
    await expect(dumpNext).rejects.toBeInstanceOf(SessionClosedError);
    await expect(subNext).rejects.toBeInstanceOf(SessionClosedError);
    expect(t.closed).toBe(true);
    expect(s.isClosed).toBe(true);
    await expect(s.request({ type: DATA })).rejects.toBeInstanceOf(SessionClosedError);
    expect(() => s.dump({ type: DATA })).toThrow(SessionClosedError);
    s.close(); // idempotent
  });

  it('Symbol.asyncDispose closes the session', async () => {
    const { t, s } = setup();
    const p = s.request({ type: DATA });
    await s[Symbol.asyncDispose]();
    await expect(p).rejects.toBeInstanceOf(SessionClosedError);
    expect(t.closed).toBe(true);
  });
});

describe('Session subscriptions and backpressure', () => {
  it('subscribe() joins groups, receives unsolicited messages and leaves on return()', async () => {
    const { t, s } = setup();
    const a = s.subscribe([3, 7]);
    const b = s.subscribe([7]);
    expect([...t.groups].sort()).toEqual([3, 7]);
    t.deliver(data(0, 1), data(0, 2));
    expect(valueOf((await a.next()).value.message)).toBe(1);
    expect(valueOf((await a.next()).value.message)).toBe(2);
    const fromB = await b.next();
    expect(fromB.value.sender).toBe(0);
    expect(valueOf(fromB.value.message)).toBe(1);
    await a.return!();
    expect([...t.groups]).toEqual([7]); // still used by b
    await b.return!();
    expect(t.groups.size).toBe(0);
    s.close();
  });

  it('ENOBUFS is thrown as OverrunError, then iteration continues', async () => {
    const { t, s, reqs } = setup();
    const sub = s.subscribe([1]);
    const it = s.dump({ type: DATA });
    t.deliver(data(0, 1));
    t.fail(Object.assign(new Error('recvmsg ENOBUFS'), { code: 'ENOBUFS' }));
    t.deliver(data(0, 2));
    expect(valueOf((await sub.next()).value.message)).toBe(1);
    await expect(sub.next()).rejects.toBeInstanceOf(OverrunError);
    expect(valueOf((await sub.next()).value.message)).toBe(2);
    // A dump in flight is not affected: the kernel paces dump data and never drops it.
    t.deliver(data(reqs[0]!.seq, 7, NLM_F_MULTI), doneMsg(reqs[0]!.seq));
    expect(valueOf((await it.next()).value!)).toBe(7);
    expect((await it.next()).done).toBe(true);
    // The session still works.
    const p = s.request({ type: DATA });
    t.deliver(ackMsg(reqs[1]!));
    expect(await p).toEqual([]);
    s.close();
  });

  it('a socket error other than ENOBUFS fails pending calls', async () => {
    const { t, s } = setup();
    const p = s.request({ type: DATA });
    t.fail(Object.assign(new Error('recvmsg EIO'), { code: 'EIO' }));
    await expect(p).rejects.toMatchObject({ code: 'EIO' });
    s.close();
  });

  it('pauses the transport while a slow consumer lags, and resumes once it catches up', async () => {
    const { t, s, reqs } = setup({ highWaterMark: 4 });
    const log: string[] = [];
    const pause = t.pause.bind(t);
    const resume = t.resume.bind(t);
    t.pause = () => { log.push('pause'); pause(); };
    t.resume = () => { log.push('resume'); resume(); };
    const it = s.dump({ type: DATA });
    const seq = reqs[0]!.seq;
    t.deliver(...Array.from({ length: 6 }, (_, i) => data(seq, i, NLM_F_MULTI)));
    expect(log).toEqual(['pause']);
    // While paused, what the "kernel" sends stays in the socket.
    t.deliver(data(seq, 6, NLM_F_MULTI), doneMsg(seq));
    const got: number[] = [];
    got.push(valueOf((await it.next()).value));
    expect(log).toEqual(['pause']); // 5 still queued: above the low-water mark
    got.push(valueOf((await it.next()).value), valueOf((await it.next()).value));
    expect(log).toEqual(['pause']);
    got.push(valueOf((await it.next()).value)); // 2 left = highWaterMark / 2
    expect(log).toEqual(['pause', 'resume']);
    for await (const m of it) got.push(valueOf(m));
    expect(got).toEqual([0, 1, 2, 3, 4, 5, 6]);
    s.close();
  });

  it('a slow subscriber also pauses the transport, and return() releases it', async () => {
    const { t, s } = setup({ highWaterMark: 2 });
    const log: string[] = [];
    t.pause = ((orig) => () => { log.push('pause'); orig(); })(t.pause.bind(t));
    t.resume = ((orig) => () => { log.push('resume'); orig(); })(t.resume.bind(t));
    const sub = s.subscribe();
    t.deliver(data(0, 1), data(0, 2), data(0, 3));
    expect(log).toEqual(['pause']);
    await sub.return!();
    expect(log).toEqual(['pause', 'resume']);
    s.close();
  });
});

describe('Session backpressure when a consumer leaves early', () => {
  function spied(options: Partial<SessionOptions>) {
    const env = setup(options);
    const log: string[] = [];
    env.t.pause = ((orig) => () => { log.push('pause'); orig(); })(env.t.pause.bind(env.t));
    env.t.resume = ((orig) => () => { log.push('resume'); orig(); })(env.t.resume.bind(env.t));
    return { ...env, log };
  }

  it('breaking out of a dump with unread messages resumes the transport, so the session keeps working', async () => {
    const { t, s, reqs, log } = spied({ highWaterMark: 4 });
    const it = s.dump({ type: DATA });
    const seq = reqs[0]!.seq;
    t.deliver(...Array.from({ length: 6 }, (_, i) => data(seq, i, NLM_F_MULTI)));
    expect(log).toEqual(['pause']);
    for await (const m of it) { expect(valueOf(m)).toBe(0); break; }
    expect(log).toEqual(['pause', 'resume']);
    const p = s.request({ type: DATA });
    t.deliver(ackMsg(reqs[1]!));
    expect(await p).toEqual([]);
    s.close();
  });

  it('the same when the dump had already ended (DONE received) before the consumer broke out', async () => {
    const { t, s, reqs, log } = spied({ highWaterMark: 4 });
    const it = s.dump({ type: DATA });
    const seq = reqs[0]!.seq;
    t.deliver(...Array.from({ length: 6 }, (_, i) => data(seq, i, NLM_F_MULTI)), doneMsg(seq));
    for await (const _m of it) break;
    expect(log).toEqual(['pause', 'resume']);
    const p = s.request({ type: DATA });
    t.deliver(ackMsg(reqs[1]!));
    expect(await p).toEqual([]);
    s.close();
  });
});

describe('AsyncQueue', () => {
  it('delivers a non-final error in order: after the items before it, before the items after it', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.fail(new Error('overrun'), false);
    q.push(2);
    expect(await q.next()).toEqual({ value: 1, done: false });
    await expect(q.next()).rejects.toThrow('overrun');
    expect(await q.next()).toEqual({ value: 2, done: false });
    q.end();
    expect(await q.next()).toEqual({ value: undefined, done: true });
  });

  it('a final error ends the queue after the items before it', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    q.fail(new Error('boom'));
    expect((await q.next()).value).toBe(1);
    await expect(q.next()).rejects.toThrow('boom');
    expect((await q.next()).done).toBe(true);
  });

  it('return() resolves a waiting consumer, reports dropped items once, and ignores later pushes', async () => {
    const q = new AsyncQueue<number>();
    const dropped: number[] = [];
    let returned = 0;
    q.onDiscard = (n) => dropped.push(n);
    q.onReturn = () => returned++;
    q.push(1);
    q.push(2);
    await q.return();
    await q.return();
    expect(dropped).toEqual([2]);
    expect(returned).toBe(1);
    q.push(3);
    expect((await q.next()).done).toBe(true);
  });
});

function concatDatagram(...msgs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(msgs.reduce((n, m) => n + m.length, 0));
  let off = 0;
  for (const m of msgs) { out.set(m, off); off += m.length; }
  return out;
}
