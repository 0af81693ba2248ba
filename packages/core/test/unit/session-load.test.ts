/**
 * The session under load, against MemoryTransport (the test plays the peer): dumps queue one at
 * a time, the request window, overruns, late and malformed answers, aborts that send nothing,
 * and timeouts of any size.
 */
import { afterEach, describe, it, expect, vi } from 'vitest';
import {
  Session, MemoryTransport, splitMessages, AbortError, TimeoutError, OutcomeUnknownError, DecodeError,
  NLM_F_DUMP, NLM_F_MULTI, NLMSG_NOOP, type NlMessage, type SessionOptions,
} from '../core.js';
import { KERNEL_TIMEOUT_MS, PEER_TIMEOUT_MS } from '../../src/session/session.js';
import { nlmsg, ackMsg, doneMsg, u32le, concat, tick } from './helpers.js';

const DATA = 100;
const RTM_GETLINK = 18;
const RTM_NEWLINK = 16;

function setup(options: Partial<SessionOptions> = {}, protocol = 0) {
  const reqs: NlMessage[] = [];
  const datagrams: number[] = [];
  const t = new MemoryTransport((d) => { const m = splitMessages(d); datagrams.push(m.length); reqs.push(...m); }, protocol);
  const s = new Session(t, options);
  return { t, s, reqs, datagrams };
}

const data = (seq: number, n: number, flags = 0) => nlmsg(DATA, flags, seq, u32le(n));
const valueOf = (m: NlMessage) => new DataView(m.buf.buffer, m.buf.byteOffset).getUint32(m.start, true);
const enobufs = () => Object.assign(new Error('recvmsg ENOBUFS'), { code: 'ENOBUFS' });

async function settle(p: Promise<unknown>): Promise<'pending' | 'resolved' | 'rejected'> {
  let st: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(() => { st = 'resolved'; }, () => { st = 'rejected'; });
  await tick();
  return st;
}

afterEach(() => { vi.useRealTimers(); });

describe('dumps take turns on one socket', () => {
  it('three dumps started together go out one after another, each after the previous DONE', async () => {
    const { t, s, reqs } = setup();
    const runs = [1, 2, 3].map((n) => s.dumpAll({ type: DATA }).then((ms) => ms.map(valueOf)));
    expect(reqs).toHaveLength(1);
    t.deliver(data(reqs[0]!.seq, 10, NLM_F_MULTI), doneMsg(reqs[0]!.seq));
    await tick();
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.flags & NLM_F_DUMP).toBe(NLM_F_DUMP);
    t.deliver(data(reqs[1]!.seq, 20, NLM_F_MULTI), doneMsg(reqs[1]!.seq));
    await tick();
    t.deliver(data(reqs[2]!.seq, 30, NLM_F_MULTI), doneMsg(reqs[2]!.seq));
    expect(await Promise.all(runs)).toEqual([[10], [20], [30]]);
    s.close();
  });

  it('a dump abandoned by break is read to its DONE before the next dump is sent; its rest reaches no one', async () => {
    const { t, s, reqs } = setup();
    const seen: number[] = [];
    const sub = s.subscribe();
    const first = (async () => { for await (const m of s.dump({ type: DATA })) { seen.push(valueOf(m)); break; } })();
    const second = s.dumpAll({ type: DATA });
    t.deliver(data(reqs[0]!.seq, 1, NLM_F_MULTI), data(reqs[0]!.seq, 2, NLM_F_MULTI));
    await first;
    expect(seen).toEqual([1]);
    expect(reqs).toHaveLength(1); // the kernel would answer EBUSY: the second waits
    t.deliver(data(reqs[0]!.seq, 3, NLM_F_MULTI), doneMsg(reqs[0]!.seq));
    await tick();
    expect(reqs).toHaveLength(2);
    t.deliver(data(reqs[1]!.seq, 9, NLM_F_MULTI), doneMsg(reqs[1]!.seq));
    expect((await second).map(valueOf)).toEqual([9]);
    expect(await settle(sub.next())).toBe('pending'); // nothing of the abandoned dump leaked as a notification
    s.close();
  });

  it('a throw in the consumer, an abort and a waiting dump aborted before its turn: each releases its place', async () => {
    const { t, s, reqs } = setup();
    const ac = new AbortController();
    const thrower = (async () => { for await (const _ of s.dump({ type: DATA })) throw new Error('consumer bug'); })();
    const aborted = s.dumpAll({ type: DATA }, { signal: ac.signal });
    const last = s.dumpAll({ type: DATA });
    t.deliver(data(reqs[0]!.seq, 1, NLM_F_MULTI));
    await expect(thrower).rejects.toThrow('consumer bug');
    ac.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    t.deliver(doneMsg(reqs[0]!.seq));
    await tick();
    expect(reqs).toHaveLength(2); // the aborted dump was never sent: the last one is next
    t.deliver(doneMsg(reqs[1]!.seq));
    expect(await last).toEqual([]);
    s.close();
  });

  it('a dump whose peer goes quiet times out, and the next dump starts after the drain gives up', async () => {
    const { t, s, reqs } = setup({ timeoutMs: 50 });
    const first = s.dumpAll({ type: DATA });
    const second = s.dumpAll({ type: DATA });
    await expect(first).rejects.toBeInstanceOf(TimeoutError);
    expect(reqs).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(reqs).toHaveLength(2);
    t.deliver(data(reqs[0]!.seq, 5, NLM_F_MULTI), doneMsg(reqs[0]!.seq)); // the first dump's late rest
    t.deliver(doneMsg(reqs[1]!.seq));
    expect(await second).toEqual([]);
    expect(s.stats.lateReplies).toBe(2);
    s.close();
  });
});

describe('the request window', () => {
  it('holds requests beyond maxInFlight and sends them as answers free room, in order', async () => {
    const { t, s, reqs } = setup({ maxInFlight: 2 });
    const ps = Array.from({ length: 5 }, () => s.request({ type: DATA }));
    expect(reqs).toHaveLength(2);
    expect(s.stats).toMatchObject({ inFlight: 2, waiting: 3 });
    t.deliver(ackMsg(reqs[0]!));
    await tick();
    expect(reqs).toHaveLength(3);
    for (let i = 1; i < 5; i++) {
      t.deliver(ackMsg(reqs[i]!));
      await tick();
    }
    expect(await Promise.all(ps)).toEqual([[], [], [], [], []]);
    expect(s.stats).toMatchObject({ inFlight: 0, waiting: 0 });
    s.close();
  });

  it('budgets by answer size: with a small receive buffer only a few requests of an unseen type go out', async () => {
    const { t, s, reqs } = setup({ receiveBuffer: 32 * 1024 }); // 64 KiB granted, 32 KiB for answers
    const ps = Array.from({ length: 20 }, () => s.request({ type: DATA }));
    const first = reqs.length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(20);
    // Small answers teach the window that this type is cheap: the rest then fit at once.
    for (let i = 0; i < first; i++) t.deliver(ackMsg(reqs[i]!));
    await tick();
    expect(reqs.length).toBe(20);
    for (let i = first; i < 20; i++) t.deliver(ackMsg(reqs[i]!));
    expect((await Promise.all(ps)).length).toBe(20);
    s.close();
  });

  it('a batch waiting for the window leaves in datagrams of several requests', async () => {
    const { t, s, reqs, datagrams } = setup({ maxInFlight: 100 });
    const ps = s.requestBatch(Array.from({ length: 250 }, () => ({ type: DATA })));
    expect(reqs).toHaveLength(100);
    expect(datagrams).toEqual([100]);
    // Answers arrive in batches, as the kernel's do: each batch frees room for one datagram.
    t.deliver(...reqs.slice(0, 100).map(ackMsg));
    await tick();
    expect(reqs).toHaveLength(200);
    t.deliver(...reqs.slice(100, 200).map(ackMsg));
    await tick();
    t.deliver(...reqs.slice(200, 250).map(ackMsg));
    expect((await Promise.all(ps)).length).toBe(250);
    expect(datagrams).toEqual([100, 100, 50]);
    s.close();
  });
});

describe('aborts send nothing', () => {
  it('requestBatch with an already-aborted signal sends nothing and rejects every promise (sent: false)', async () => {
    const { s, reqs } = setup();
    const ac = new AbortController();
    ac.abort('stop');
    const ps = s.requestBatch([{ type: RTM_NEWLINK }, { type: RTM_NEWLINK }], { signal: ac.signal });
    const errs = await Promise.all(ps.map((p) => p.catch((e) => e)));
    expect(reqs).toHaveLength(0);
    expect(errs.every((e) => e instanceof AbortError && e.sent === false)).toBe(true);
    s.close();
  });

  it('a request aborted while it waits for the window never leaves; one aborted in flight says it was sent', async () => {
    const { t, s, reqs } = setup({ maxInFlight: 1 });
    const ac = new AbortController();
    const inFlight = s.request({ type: DATA }, { signal: ac.signal });
    const waiting = s.request({ type: DATA }, { signal: ac.signal });
    const other = s.request({ type: DATA });
    ac.abort();
    const [a, b] = await Promise.all([inFlight.catch((e) => e), waiting.catch((e) => e)]);
    expect(a).toMatchObject({ name: 'AbortError', sent: true });
    expect(b).toMatchObject({ name: 'AbortError', sent: false });
    expect(reqs).toHaveLength(2); // the first, then `other`: the aborted waiter was skipped
    t.deliver(ackMsg(reqs[0]!), ackMsg(reqs[1]!)); // the first's late ack is dropped and counted
    expect(await other).toEqual([]);
    expect(s.stats.lateReplies).toBe(1);
    s.close();
  });
});

describe('late, stray and malformed answers', () => {
  it('a reply that arrives after its timeout is dropped and counted, never handed to subscribers', async () => {
    const { t, s, reqs } = setup();
    const sub = s.subscribe();
    const p = s.request({ type: DATA }, { timeoutMs: 20 });
    await expect(p).rejects.toMatchObject({ name: 'TimeoutError', sent: true });
    t.deliver(data(reqs[0]!.seq, 1), ackMsg(reqs[0]!));
    expect(await settle(sub.next())).toBe('pending');
    expect(s.stats.lateReplies).toBe(2);
    s.close();
  });

  it('the valid reply before a malformed tail is delivered; the tail fails only the call it names', async () => {
    const { t, s, reqs } = setup();
    const good = s.request({ type: DATA });
    const bad = s.request({ type: DATA });
    const tail = nlmsg(DATA, 0, reqs[1]!.seq, u32le(7));
    new DataView(tail.buffer).setUint32(0, 400, true); // nlmsg_len runs past the datagram
    t.deliver(concat(data(reqs[0]!.seq, 1), ackMsg(reqs[0]!), tail));
    expect((await good).map(valueOf)).toEqual([1]);
    const err = await bad.catch((e) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect(err.message).toMatch(/malformed message at byte \d+ of a \d+-byte datagram/);
    // The session keeps serving.
    const next = s.request({ type: DATA });
    t.deliver(ackMsg(reqs[2]!));
    expect(await next).toEqual([]);
    s.close();
  });

  it('a malformed message in a dump rejects that dump with DecodeError, drains it, and the next dump runs', async () => {
    const { t, s, reqs } = setup();
    const first = s.dumpAll({ type: DATA });
    const second = s.dumpAll({ type: DATA });
    const broken = nlmsg(DATA, NLM_F_MULTI, reqs[0]!.seq, u32le(1));
    new DataView(broken.buffer).setUint32(0, 10, true); // shorter than nlmsghdr
    t.deliver(broken);
    await expect(first).rejects.toBeInstanceOf(DecodeError);
    t.deliver(doneMsg(reqs[0]!.seq));
    await tick();
    t.deliver(doneMsg(reqs[1]!.seq));
    expect(await second).toEqual([]);
    s.close();
  });

  it('garbage and wrong sequence numbers from a user-space peer: the call still settles by the default timeout', async () => {
    vi.useFakeTimers();
    const { t, s, reqs } = setup({ peer: 777 }, 2);
    const p = s.request({ type: DATA });
    const outcome = p.catch((e) => e);
    t.deliverFrom(777, new Uint8Array([1, 2, 3]), data(reqs[0]!.seq + 1000, 1));
    await vi.advanceTimersByTimeAsync(PEER_TIMEOUT_MS);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    expect(s.stats.malformed).toBe(1);
    s.close();
  });
});

describe('overruns (ENOBUFS) settle every request that may have lost its answer', () => {
  it('after the probe\'s ack, a lost read-only request is re-sent under a new seq; a lost change rejects as outcome unknown', async () => {
    const { t, s, reqs } = setup();
    const get = s.request({ type: RTM_GETLINK });
    const change = s.request({ type: RTM_NEWLINK }).catch((e) => e);
    const answered = s.request({ type: RTM_GETLINK });
    t.deliver(data(reqs[2]!.seq, 3), ackMsg(reqs[2]!));
    t.fail(enobufs());
    const probe = reqs[3]!;
    expect(probe.type).toBe(NLMSG_NOOP);
    t.deliver(ackMsg(probe));
    await tick();
    const resent = reqs[4]!;
    expect(resent.type).toBe(RTM_GETLINK);
    expect(resent.seq).not.toBe(reqs[0]!.seq);
    const err = await change;
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.code).toBe('ERR_NLKIT_OUTCOME_UNKNOWN');
    t.deliver(ackMsg(reqs[0]!)); // the original's answer turns up after all: dropped
    t.deliver(data(resent.seq, 1), ackMsg(resent));
    expect((await get).map(valueOf)).toEqual([1]);
    expect((await answered).map(valueOf)).toEqual([3]);
    expect(s.stats).toMatchObject({ overruns: 1, resent: 1, outcomeUnknown: 1, lateReplies: 1 });
    s.close();
  });

  it('with no probe ack within a second every suspect counts as lost; a request answered meanwhile is not', async () => {
    vi.useFakeTimers();
    const { t, s, reqs } = setup();
    const change = s.request({ type: RTM_NEWLINK }).catch((e) => e);
    const fine = s.request({ type: RTM_NEWLINK });
    t.fail(enobufs());
    t.deliver(ackMsg(reqs[1]!));
    await vi.advanceTimersByTimeAsync(1000);
    expect(await change).toBeInstanceOf(OutcomeUnknownError);
    expect(await fine).toEqual([]);
    s.close();
  });

  it('the probe\'s ack also retires calls that ended earlier: their answers, lost or late, are no longer awaited', async () => {
    const { t, s, reqs } = setup();
    const ac = new AbortController();
    const aborted = s.request({ type: RTM_GETLINK }, { signal: ac.signal }).catch((e) => e);
    ac.abort();
    expect(await aborted).toMatchObject({ name: 'AbortError', sent: true });
    const live = s.request({ type: RTM_GETLINK });
    t.fail(enobufs());
    t.deliver(ackMsg(reqs[2]!)); // the probe's ack
    await tick();
    t.deliver(ackMsg(reqs[3]!)); // `live`, re-sent
    expect(await live).toEqual([]);
    t.deliver(ackMsg(reqs[0]!)); // the aborted call's answer after all: now just a stray
    expect(s.stats).toMatchObject({ lateReplies: 0, strayControl: 1, resent: 1 });
    s.close();
  });

  it('user-space peers never drop answers (their send fails instead): an overrun leaves requests alone', async () => {
    const { t, s, reqs } = setup({ peer: 777 }, 2);
    const p = s.request({ type: DATA });
    t.fail(enobufs());
    expect(reqs).toHaveLength(1); // no probe
    t.deliverFrom(777, ackMsg(reqs[0]!));
    expect(await p).toEqual([]);
    s.close();
  });
});

describe('timeouts of any size', () => {
  it('a timeout above 2^31 ms is honoured, not fired after 1 ms', async () => {
    vi.useFakeTimers();
    const { s } = setup();
    const p = s.request({ type: DATA }, { timeoutMs: 3_000_000_000 });
    let settled = false;
    const outcome = p.catch((e) => e).finally(() => { settled = true; });
    await vi.advanceTimersByTimeAsync(2 ** 31 + 1000);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(3_000_000_000);
    expect(await outcome).toBeInstanceOf(TimeoutError);
    s.close();
  });

  it('defaults: 120 s when the peer is the kernel, 30 s for a user-space peer; 0 and Infinity mean none', () => {
    expect(setup().s.defaultTimeoutMs).toBe(KERNEL_TIMEOUT_MS);
    expect(setup({ peer: 5 }).s.defaultTimeoutMs).toBe(PEER_TIMEOUT_MS);
    expect(setup({ timeoutMs: Infinity }).s.defaultTimeoutMs).toBe(0);
  });

  it('negative, NaN and non-number timeouts are refused up front and nothing is sent', async () => {
    const { s, reqs } = setup();
    await expect(s.request({ type: DATA }, { timeoutMs: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(s.request({ type: DATA }, { timeoutMs: Number.NaN })).rejects.toBeInstanceOf(RangeError);
    expect(() => s.dump({ type: DATA }, { timeoutMs: '5' as unknown as number })).toThrow(RangeError);
    expect(() => new Session(new MemoryTransport(), { timeoutMs: -5 })).toThrow(RangeError);
    expect(reqs).toHaveLength(0);
    s.close();
  });
});
