/**
 * A netlink session over one socket: sequence numbers, request → ack/reply, streamed dumps,
 * notifications, many calls in flight at once, AbortSignal and timeouts on every call.
 *
 * Under load it holds: dumps run one at a time (the kernel's rule) and queue invisibly;
 * requests in flight are bounded so their answers fit the receive buffer; if the buffer
 * overruns anyway, every request whose answer may be lost settles (gets re-sent, or rejects
 * with OutcomeUnknownError when it changes state); and every promise settles, whatever the
 * peer does. The jobs live beside this file: calls.ts (tracking and dispatch), dump-queue.ts,
 * flow-control.ts (request window, backpressure), subscriptions.ts.
 */
import { CallTable, isInterrupted } from './calls.js';
import { DumpQueue } from './dump-queue.js';
import { Backpressure, RequestWindow } from './flow-control.js';
import { Deadlines } from './deadlines.js';
import { describeCall, type ExtAckNamer, type PendingCall } from './pending.js';
import { RequestCall, type RequestHost } from './request-call.js';
import { AsyncQueue } from './queue.js';
import { Subscriptions, type Unsolicited } from './subscriptions.js';
import { Timer, timeoutMs } from './timer.js';
import { NativeTransport } from '../transport/native.js';
import type { Transport, TransportOptions } from '../transport/types.js';
import { splitDatagram, writeHeader, type NlMessage } from '../wire/header.js';
import {
  NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NETLINK_ROUTE, NLMSG_HDRLEN, NLMSG_NOOP, NLM_F_ACK,
  NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST, SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, SO_SNDBUF, align4,
} from '../wire/constants.js';
import {
  AbortError, DecodeError, DumpInterruptedError, SessionClosedError, TimeoutError,
} from '../errors.js';
import type { AbortSignalLike } from '../platform.js';

export type { Unsolicited } from './subscriptions.js';

/** Default call timeout when the peer is the kernel: it always answers, so this only catches the pathological. */
export const KERNEL_TIMEOUT_MS = 120_000;
/** Default call timeout when the peer is a user-space process, which may never answer. */
export const PEER_TIMEOUT_MS = 30_000;
/** How long an abandoned dump may go quiet while it is drained, when it has no timeout of its own. */
const DRAIN_GAP_MS = 10_000;
/** How long to wait for the ack of an overrun probe before counting every suspect as lost. */
const PROBE_TIMEOUT_MS = 1_000;

export interface SessionOptions extends TransportOptions {
  /** Netlink protocol number (0 = NETLINK_ROUTE, 16 = NETLINK_GENERIC, ...). */
  protocol: number;
  /** Use this transport instead of opening a socket (tests use MemoryTransport). */
  transport?: Transport;
  /** NETLINK_EXT_ACK, on by default. */
  extAck?: boolean;
  /** NETLINK_CAP_ACK, on by default: errors do not echo the whole request. */
  capAck?: boolean;
  /** NETLINK_GET_STRICT_CHK, on by default (dump filters are honoured, bad headers rejected). */
  strictCheck?: boolean;
  /** SO_RCVBUF(FORCE) in bytes; default 4 MiB so large dumps and bursts of notifications fit. */
  receiveBuffer?: number;
  sendBuffer?: number;
  /** Unread messages queued for slow consumers before the socket is paused. Default 1024. */
  highWaterMark?: number;
  /**
   * Default timeout for requests (until the ack) and dumps (between messages), in ms; 0 or
   * Infinity for none. Default: 120 s when the peer is the kernel, 30 s for a user-space peer.
   */
  timeoutMs?: number;
  /**
   * Port id that requests and dumps go to: 0 (the kernel) by default, or a user-space server's
   * port on NETLINK_USERSOCK or a custom protocol.
   */
  peer?: number;
  /** Cap on requests in flight at once; by default only the receive-buffer budget limits them. */
  maxInFlight?: number;
}

export interface CallOptions {
  signal?: AbortSignalLike;
  /** Timeout in ms: for a request, until its ack; for a dump, between messages (checked to within a factor of two). 0/Infinity: none. */
  timeoutMs?: number;
  /** Turns an extack offset into attribute names (the spec layer supplies it). */
  namer?: ExtAckNamer;
  /** Name of the operation, for error messages. */
  operation?: string;
}

export interface RequestOptions extends CallOptions {
  /** Whether data messages with this seq are replies (default true). When false they are notifications. */
  expectReply?: boolean;
  /**
   * Whether the request only reads state, so it may be sent again if its answer is lost to a
   * receive-buffer overrun. Default: true for rtnetlink RTM_GET* requests, false otherwise.
   */
  readOnly?: boolean;
}

export interface DumpOptions extends CallOptions {
  /** Re-run a dump that came back with NLM_F_DUMP_INTR, up to this many times (only with dumpAll). */
  retries?: number;
}

export interface OutgoingMessage {
  type: number;
  /** Extra flags; NLM_F_REQUEST (and ACK or DUMP) are added by the session. */
  flags?: number;
  /** Payload after nlmsghdr. */
  body?: Uint8Array;
}

/** What the session has had to do on its callers' behalf; all counters only grow. */
export interface SessionStats {
  /** Requests sent and not yet answered, and requests waiting for room in the window. */
  inFlight: number;
  waiting: number;
  /** Dumps waiting for the socket's running dump to end. */
  dumpsWaiting: number;
  /** Answers that came after their call ended (timeout, abort, re-send), dropped. */
  lateReplies: number;
  /** Acks, errors and DONEs that matched no call, dropped. */
  strayControl: number;
  /** Malformed messages that could not be tied to a call, dropped. */
  malformed: number;
  /** Receive-buffer overruns (ENOBUFS). */
  overruns: number;
  /** Read-only requests sent again after an overrun lost their answer. */
  resent: number;
  /** Requests that changed state and lost their answer (rejected with OutcomeUnknownError). */
  outcomeUnknown: number;
}

export class Session implements AsyncDisposable {
  readonly transport: Transport;
  readonly defaultTimeoutMs: number;
  /** Where requests go, and whose replies are matched to them (0 = the kernel). */
  readonly peer: number;
  private seq: number;
  private closed = false;
  private readonly calls = new CallTable();
  private readonly window: RequestWindow;
  private readonly dumps: DumpQueue;
  private readonly backpressure: Backpressure;
  private readonly subscriptions: Subscriptions;
  private readonly counters = { malformed: 0, overruns: 0, resent: 0, outcomeUnknown: 0 };
  private readonly deadlines = new Deadlines();

  constructor(transport: Transport, options: Partial<SessionOptions> = {}) {
    this.transport = transport;
    this.seq = (Date.now() & 0x3fffffff) || 1;
    this.peer = options.peer ?? 0;
    this.defaultTimeoutMs = timeoutMs(options.timeoutMs, this.peer === 0 ? KERNEL_TIMEOUT_MS : PEER_TIMEOUT_MS);
    this.backpressure = new Backpressure(transport, options.highWaterMark ?? 1024);
    this.subscriptions = new Subscriptions(transport, this.backpressure);
    // Answers may take half the receive buffer: a running dump can fill the other half (the
    // kernel adds dump data while the queue is under half full).
    const budget = receiveBufferBytes(transport, options.receiveBuffer) / 2;
    this.window = new RequestWindow(budget, options.maxInFlight ?? Infinity, (calls, bytes) => this.transmit(calls, bytes));
    (this.requestHost as { window: RequestWindow }).window = this.window;
    this.dumps = new DumpQueue((call) => this.transmit([call], call.request));
    transport.start(
      (datagrams, senders) => {
        for (let i = 0; i < datagrams.length; i++) this.onDatagram(datagrams[i]!, senders[i] ?? 0);
      },
      (err) => this.onSocketError(err),
    );
  }

  /** Opens a socket (optionally inside a network namespace) and a session over it. */
  static async open(options: SessionOptions): Promise<Session> {
    timeoutMs(options.timeoutMs, 0); // refuse a bad timeout before opening anything
    const transport = options.transport ?? (await NativeTransport.open(options.protocol, options));
    const trySet = (level: number, name: number, value: number) => {
      try { transport.setOption(level, name, value); } catch { /* older kernels lack some options */ }
    };
    if (options.extAck ?? true) trySet(SOL_NETLINK, NETLINK_EXT_ACK, 1);
    if (options.capAck ?? true) trySet(SOL_NETLINK, NETLINK_CAP_ACK, 1);
    if (options.strictCheck ?? true) trySet(SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
    const rcv = options.receiveBuffer ?? 4 << 20;
    try { transport.setOption(SOL_SOCKET, SO_RCVBUFFORCE, rcv); } catch { trySet(SOL_SOCKET, SO_RCVBUF, rcv); }
    if (options.sendBuffer) trySet(SOL_SOCKET, SO_SNDBUF, options.sendBuffer);
    return new Session(transport, options);
  }

  get portId(): number {
    return this.transport.portId;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get stats(): SessionStats {
    return {
      inFlight: this.window.inFlightCount,
      waiting: this.window.waitingCount,
      dumpsWaiting: this.dumps.waitingCount,
      ...this.calls.counters,
      ...this.counters,
    };
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) >>> 0;
    if (this.seq === 0) this.seq = 1;
    return this.seq;
  }

  /** Serialises one message with our port id and the given sequence number. */
  encode(msg: OutgoingMessage, seq: number, flags: number): Uint8Array {
    const body = msg.body ?? new Uint8Array(0);
    const out = new Uint8Array(NLMSG_HDRLEN + align4(body.length));
    writeHeader(out, 0, { length: NLMSG_HDRLEN + body.length, type: msg.type, flags, seq, portId: this.portId });
    out.set(body, NLMSG_HDRLEN);
    return out;
  }

  /**
   * Sends a request with NLM_F_ACK and resolves with its reply messages (possibly none) once
   * the peer acks it. An error ack rejects with a NetlinkError. The request waits for room in
   * the window when many are in flight; aborted or timed out before it left, it is never sent.
   */
  request(msg: OutgoingMessage, options: RequestOptions = {}): Promise<NlMessage[]> {
    if (this.closed) return Promise.reject(new SessionClosedError());
    let ms: number;
    try {
      ms = timeoutMs(options.timeoutMs, this.defaultTimeoutMs);
    } catch (err) {
      return Promise.reject(err);
    }
    if (options.signal?.aborted) return Promise.reject(new AbortError(options.signal.reason, false));
    return new Promise((resolve, reject) => {
      this.window.enqueue(this.newRequest(msg, options, ms, resolve, reject));
      this.window.pump();
    });
  }

  /**
   * Pipelines many requests: they go out in as few datagrams as fit (64 KiB each, within the
   * window), and each gets its own promise. With an already-aborted signal nothing is sent.
   */
  requestBatch(msgs: OutgoingMessage[], options: RequestOptions = {}): Promise<NlMessage[]>[] {
    this.assertOpen();
    const ms = timeoutMs(options.timeoutMs, this.defaultTimeoutMs);
    if (options.signal?.aborted) {
      const err = new AbortError(options.signal.reason, false);
      return msgs.map(() => Promise.reject(err));
    }
    const promises = msgs.map((msg) => new Promise<NlMessage[]>((resolve, reject) => {
      this.window.enqueue(this.newRequest(msg, options, ms, resolve, reject));
    }));
    this.window.pump();
    return promises;
  }

  private newRequest(
    msg: OutgoingMessage, options: RequestOptions, ms: number,
    resolve: (replies: NlMessage[]) => void, reject: (err: Error) => void,
  ): RequestCall {
    const seq = this.nextSeq();
    const call = new RequestCall(
      this.requestHost, seq, this.encode(msg, seq, NLM_F_REQUEST | NLM_F_ACK | (msg.flags ?? 0)),
      options.expectReply ?? true, options.readOnly ?? this.isReadOnly(msg.type), ms, options.signal, resolve, reject,
    );
    call.namer = options.namer;
    call.operation = options.operation;
    return call;
  }

  /** What each RequestCall needs of this session. */
  private readonly requestHost: RequestHost = {
    calls: this.calls,
    window: undefined as unknown as RequestWindow, // set in the constructor, once the window exists
    deadlines: this.deadlines,
    nextSeq: () => this.nextSeq(),
    countLost: (resent) => {
      if (resent) this.counters.resent++;
      else this.counters.outcomeUnknown++;
    },
  };

  /** rtnetlink's GET requests (type % 4 == 2) only read; elsewhere the caller must say so. */
  private isReadOnly(type: number): boolean {
    return this.transport.protocol === NETLINK_ROUTE && type >= 16 && (type & 3) === 2;
  }

  /** Sends requests as one datagram; a failed send fails each of them. */
  private transmit(calls: PendingCall[], bytes: Uint8Array): void {
    // Marked before sending: a transport may answer synchronously.
    for (const c of calls) {
      c.sent = true;
      c.onStart?.();
    }
    try {
      this.transport.send(bytes, this.peer);
    } catch (err) {
      for (const c of calls) {
        c.sent = false;
        c.onError(err as Error);
      }
    }
  }

  /**
   * Starts a dump and streams its messages as they arrive. The iterable ends at NLMSG_DONE,
   * throws NetlinkError for an error, and throws DumpInterruptedError after the last message
   * when the kernel flagged NLM_F_DUMP_INTR. A dump waits while another runs on this socket.
   * Breaking out of the loop, an abort or a timeout stops delivery; the rest of the dump is
   * read and dropped before the next dump starts.
   */
  dump(msg: OutgoingMessage, options: DumpOptions = {}): AsyncIterableIterator<NlMessage> {
    this.assertOpen();
    const ms = timeoutMs(options.timeoutMs, this.defaultTimeoutMs);
    const seq = this.nextSeq();
    const signal = options.signal;
    const queue = new AsyncQueue<NlMessage>();
    let state: 'waiting' | 'running' | 'draining' | 'over' = 'waiting';
    let count = 0;
    let interrupted = false;
    let timer: Timer | undefined;
    queue.onQueued = () => this.backpressure.add(1);
    queue.onDrain = () => this.backpressure.remove(1);
    queue.onDiscard = (n) => this.backpressure.remove(n);

    /** The dump is over on the wire: the next one may start. */
    const over = (expire = false) => {
      if (state === 'over') return;
      state = 'over';
      timer?.clear();
      if (expire) this.calls.expire(call);
      else this.calls.remove(call);
      this.dumps.ended(call);
    };
    /** The consumer is gone but the peer is still sending: read the rest and drop it. */
    const drain = () => {
      if (state === 'waiting') {
        state = 'over';
        this.dumps.withdraw(call);
        this.calls.remove(call);
        return;
      }
      if (state !== 'running') return;
      state = 'draining';
      timer?.clear();
      timer = new Timer(ms || DRAIN_GAP_MS, () => over(true));
    };
    const call: PendingCall = {
      seq,
      kind: 'dump',
      request: this.encode(msg, seq, NLM_F_REQUEST | NLM_F_DUMP | (msg.flags ?? 0)),
      expectReply: true,
      readOnly: true,
      namer: options.namer,
      operation: options.operation,
      sent: false,
      cost: 0,
      replyBytes: 0,
      replyMessages: 0,
      onStart: () => {
        state = 'running';
        if (ms > 0) timer = new Timer(ms, () => { queue.fail(new TimeoutError(ms, describeCall(call))); drain(); });
      },
      onMessage: (m) => {
        timer?.touch();
        if (state !== 'running') return;
        count++;
        if ((m.flags & NLM_F_DUMP_INTR) !== 0) interrupted = true;
        queue.push(m);
      },
      onDone: (m) => {
        const delivering = state === 'running';
        over();
        if (!delivering) return;
        // The kernel also flags NLMSG_DONE itself when the dump became inconsistent.
        if (interrupted || isInterrupted(m)) queue.fail(new DumpInterruptedError(count));
        else queue.end();
      },
      onError: (err, wireDone = true) => {
        if (state === 'running' || state === 'waiting') queue.fail(err);
        if (wireDone) over();
        else drain();
      },
    };
    const onAbort = () => {
      queue.abort(new AbortError(signal?.reason, state !== 'waiting'));
      drain();
    };
    queue.onReturn = drain;
    queue.onSettled = () => signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) {
      queue.abort(new AbortError(signal.reason, false));
      return queue;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    this.calls.add(call);
    this.dumps.submit(call);
    return queue;
  }

  /**
   * Collects a whole dump into an array. With `retries`, a dump interrupted by a concurrent
   * change (NLM_F_DUMP_INTR) is run again, up to that many extra times.
   */
  async dumpAll(msg: OutgoingMessage, options: DumpOptions = {}): Promise<NlMessage[]> {
    const retries = options.retries ?? 0;
    for (let attempt = 1; ; attempt++) {
      const out: NlMessage[] = [];
      try {
        for await (const m of this.dump(msg, options)) out.push(m);
        return out;
      } catch (err) {
        if (!(err instanceof DumpInterruptedError)) throw err;
        if (attempt > retries) throw new DumpInterruptedError(err.received, attempt);
      }
    }
  }

  /**
   * Sends a message without waiting for anything: a reply to a user-space peer (`to`), or a
   * multicast notification (`groups`, a bitmask of groups 1..32).
   */
  send(msg: OutgoingMessage & { seq?: number }, to = 0, groups = 0): void {
    this.assertOpen();
    this.transport.send(this.encode(msg, msg.seq ?? this.nextSeq(), msg.flags ?? 0), to, groups);
  }

  /**
   * Joins multicast groups and returns an iterable of unsolicited messages: notifications from
   * the kernel, or requests from user-space peers. An overrun (ENOBUFS) is thrown to the
   * consumer as an OverrunError; iterating again continues after a resync.
   */
  subscribe(groups: number[] = [], options: { signal?: AbortSignalLike } = {}): AsyncIterableIterator<Unsolicited> {
    this.assertOpen();
    return this.subscriptions.open(groups, options.signal, () => this.closed);
  }

  private onDatagram(buf: Uint8Array, sender: number): void {
    const { messages, malformed } = splitDatagram(buf);
    // The messages before a malformed tail are delivered; the tail fails only its own call.
    for (const m of messages) {
      if (!this.calls.route(m, sender, this.peer)) this.subscriptions.deliver(m, sender);
    }
    if (malformed) this.onMalformed(buf, malformed, sender);
  }

  private onMalformed(buf: Uint8Array, err: DecodeError, sender: number): void {
    const off = err.offset ?? 0;
    const seq = buf.length - off >= NLMSG_HDRLEN ? new DataView(buf.buffer, buf.byteOffset).getUint32(off + 8, true) : 0;
    const call = seq !== 0 && sender === this.peer ? this.calls.live.get(seq) : undefined;
    if (!call) {
      this.counters.malformed++;
      return;
    }
    const where = `malformed message at byte ${off} of a ${buf.length}-byte datagram from port ${sender}`;
    call.onError(new DecodeError(`${describeCall(call)}: ${where}: ${err.message}`, off), false);
  }

  private onSocketError(err: Error): void {
    if ((err as NodeJS.ErrnoException).code !== 'ENOBUFS') {
      this.failAll(err);
      return;
    }
    // Lost notifications: every subscriber must know. Dumps are not affected: the kernel
    // paces dump data to the reader and never drops it. Requests may have lost their answer.
    this.counters.overruns++;
    this.subscriptions.overrun();
    this.findLostAnswers();
  }

  /**
   * After an overrun, finds the requests whose answers were dropped. The kernel processes a
   * socket's requests in order and acks an NLMSG_NOOP sent with NLM_F_ACK, so once a probe's
   * ack arrives, any request sent before it that is still unanswered lost its answer. Only
   * the kernel drops answers: a user-space peer's send fails with EAGAIN instead.
   */
  private findLostAnswers(): void {
    if (this.peer !== 0) return;
    const suspects: Array<[PendingCall, number]> = [];
    for (const c of this.calls.live.values()) if (c.kind === 'request' && c.sent && !c.isProbe) suspects.push([c, c.seq]);
    if (suspects.length === 0) return;
    const seq = this.nextSeq();
    let ended = false;
    const end = (answered: boolean) => {
      if (ended) return;
      ended = true;
      timer.clear();
      this.calls.expire(probe);
      if (answered) this.calls.forgetExpiredBefore(seq);
      for (const [c, sentAs] of suspects) if (c.seq === sentAs && this.calls.live.get(sentAs) === c) c.onLost?.();
    };
    const probe: PendingCall = {
      seq, kind: 'request', request: this.encode({ type: NLMSG_NOOP }, seq, NLM_F_REQUEST | NLM_F_ACK),
      expectReply: false, readOnly: true, sent: true, cost: 0, replyBytes: 0, replyMessages: 0, isProbe: true,
      operation: 'overrun probe', onMessage: () => {}, onDone: () => end(true), onError: () => end(true),
    };
    const timer = new Timer(PROBE_TIMEOUT_MS, () => end(false));
    this.calls.add(probe);
    try {
      this.transport.send(probe.request, this.peer);
    } catch {
      end(false);
    }
  }

  private failAll(err: Error): void {
    for (const call of this.dumps.takeWaiting()) call.onError(err);
    for (const call of this.window.takeWaiting()) call.onError(err);
    for (const call of [...this.calls.live.values()]) call.onError(err);
  }

  /** Closes the socket; every pending call rejects with SessionClosedError. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.backpressure.stop();
    this.failAll(new SessionClosedError());
    this.deadlines.clear();
    this.subscriptions.failAll(new SessionClosedError());
    this.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new SessionClosedError();
  }
}

/** The receive buffer the kernel grants (SO_RCVBUF reads back the doubled, effective size). */
function receiveBufferBytes(transport: Transport, requested: number | undefined): number {
  try {
    const n = transport.getOption?.(SOL_SOCKET, SO_RCVBUF);
    if (n && n > 0) return n;
  } catch {
    // a transport without socket options
  }
  return 2 * (requested ?? 4 << 20);
}
