/**
 * A netlink session over one socket: sequence numbers, request → ack/reply, streamed dumps,
 * notifications, many calls in flight at once, AbortSignal and timeouts on every call.
 */
import { AsyncQueue } from './queue.js';
import type { ExtAckNamer, PendingCall } from './pending.js';
import { NativeTransport } from '../transport/native.js';
import type { Transport, TransportOptions } from '../transport/types.js';
import { splitMessages, writeHeader, type NlMessage } from '../wire/header.js';
import {
  NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN,
  NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_REQUEST,
  SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, SO_SNDBUF, align4,
} from '../wire/constants.js';
import {
  AbortError, DumpInterruptedError, NetlinkError, OverrunError, SessionClosedError, TimeoutError, parseErrorPayload,
} from '../errors.js';

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
  /** Datagram batches queued for slow consumers before the socket is paused. Default 1024 messages. */
  highWaterMark?: number;
  /** Default timeout for requests and for the gap between dump messages, in ms (0 = none). */
  timeoutMs?: number;
  /**
   * Port id that requests and dumps go to: 0 (the kernel) by default, or a user-space server's
   * port on NETLINK_USERSOCK or a custom protocol.
   */
  peer?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Timeout in ms: for a request, until its ack; for a dump, between messages. */
  timeoutMs?: number;
  /** Turns an extack offset into attribute names (the spec layer supplies it). */
  namer?: ExtAckNamer;
  /** Name of the operation, for error messages. */
  operation?: string;
}

export interface RequestOptions extends CallOptions {
  /** Whether data messages with this seq are replies (default true). When false they are notifications. */
  expectReply?: boolean;
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

/** A message that was not a reply to one of our calls: a notification or a peer's request. */
export interface Unsolicited {
  message: NlMessage;
  /** Sender port id: 0 for the kernel. */
  sender: number;
}

export class Session implements AsyncDisposable {
  readonly transport: Transport;
  private seq: number;
  private readonly pending = new Map<number, PendingCall>();
  private readonly subscribers = new Set<AsyncQueue<Unsolicited>>();
  private readonly groupRefs = new Map<number, number>();
  private closed = false;
  private paused = false;
  private readonly highWaterMark: number;
  private queued = 0;
  readonly defaultTimeoutMs: number;
  /** Where requests go, and whose replies are matched to them (0 = the kernel). */
  readonly peer: number;

  constructor(transport: Transport, options: Partial<SessionOptions> = {}) {
    this.transport = transport;
    this.seq = (Date.now() & 0x3fffffff) || 1;
    this.highWaterMark = options.highWaterMark ?? 1024;
    this.defaultTimeoutMs = options.timeoutMs ?? 0;
    this.peer = options.peer ?? 0;
    transport.start(
      (datagrams, senders) => this.onDatagrams(datagrams, senders),
      (err) => this.onSocketError(err),
    );
  }

  /** Opens a socket (optionally inside a network namespace) and a session over it. */
  static async open(options: SessionOptions): Promise<Session> {
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
   * the kernel acks it. An error ack rejects with a NetlinkError.
   */
  request(msg: OutgoingMessage, options: RequestOptions = {}): Promise<NlMessage[]> {
    if (this.closed) return Promise.reject(new SessionClosedError());
    const seq = this.nextSeq();
    const bytes = this.encode(msg, seq, NLM_F_REQUEST | NLM_F_ACK | (msg.flags ?? 0));
    return this.track(seq, bytes, options, () => this.transport.send(bytes, this.peer));
  }

  /**
   * Pipelines many requests: they go out in as few datagrams as fit (64 KiB each), and each gets
   * its own promise. Faster than one request at a time by the round trips it saves.
   */
  requestBatch(msgs: OutgoingMessage[], options: RequestOptions = {}): Promise<NlMessage[]>[] {
    this.assertOpen();
    const promises: Promise<NlMessage[]>[] = [];
    let chunk: Uint8Array[] = [];
    let chunkBytes = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      // One contiguous buffer: sent as separate iovecs, a chunk of small messages would exceed
      // IOV_MAX (1024) and sendmsg would fail with EMSGSIZE.
      const joined = new Uint8Array(chunkBytes);
      let at = 0;
      for (const part of chunk) {
        joined.set(part, at);
        at += part.length;
      }
      chunk = [];
      chunkBytes = 0;
      this.transport.send(joined, this.peer);
    };
    for (const msg of msgs) {
      const seq = this.nextSeq();
      const bytes = this.encode(msg, seq, NLM_F_REQUEST | NLM_F_ACK | (msg.flags ?? 0));
      if (chunkBytes + bytes.length > 65536) flush();
      promises.push(this.track(seq, bytes, options, () => {}));
      chunk.push(bytes);
      chunkBytes += bytes.length;
    }
    try {
      flush();
    } catch (err) {
      for (const p of promises) p.catch(() => {});
      this.failAll(err as Error);
    }
    return promises;
  }

  private track(seq: number, bytes: Uint8Array, options: RequestOptions, send: () => void): Promise<NlMessage[]> {
    return new Promise<NlMessage[]>((resolve, reject) => {
      const replies: NlMessage[] = [];
      const cleanup = this.guard(seq, options, (err) => call.onError(err));
      const call: PendingCall = {
        seq,
        kind: 'request',
        request: bytes,
        expectReply: options.expectReply ?? true,
        namer: options.namer,
        operation: options.operation,
        onMessage: (m) => replies.push(m),
        onDone: () => { cleanup(); this.pending.delete(seq); resolve(replies); },
        onError: (err) => { cleanup(); this.pending.delete(seq); reject(err); },
      };
      if (options.signal?.aborted) {
        cleanup();
        reject(new AbortError(options.signal.reason));
        return;
      }
      this.pending.set(seq, call);
      try {
        send();
      } catch (err) {
        call.onError(err as Error);
      }
    });
  }

  /** Wires AbortSignal and timeout to a call; returns the function that unwires them. */
  private guard(seq: number, options: CallOptions, fail: (err: Error) => void, restartable = false): () => void {
    const ms = options.timeoutMs ?? this.defaultTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => fail(new AbortError(options.signal?.reason));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (ms > 0) {
      timer = setTimeout(() => fail(new TimeoutError(ms, options.operation ?? `request seq ${seq}`)), ms);
      if (restartable) this.timers.set(seq, () => timer?.refresh());
    }
    return () => {
      if (timer) clearTimeout(timer);
      this.timers.delete(seq);
      options.signal?.removeEventListener('abort', onAbort);
    };
  }
  private readonly timers = new Map<number, () => void>();

  /**
   * Starts a dump and streams its messages as they arrive. The iterable ends at NLMSG_DONE,
   * throws NetlinkError for an error, and throws DumpInterruptedError after the last message
   * when the kernel flagged NLM_F_DUMP_INTR. Breaking out of the loop stops delivery.
   */
  dump(msg: OutgoingMessage, options: DumpOptions = {}): AsyncIterableIterator<NlMessage> {
    this.assertOpen();
    const seq = this.nextSeq();
    const bytes = this.encode(msg, seq, NLM_F_REQUEST | NLM_F_DUMP | (msg.flags ?? 0));
    const queue = new AsyncQueue<NlMessage>();
    let count = 0;
    let interrupted = false;
    const finish = () => { cleanup(); this.pending.delete(seq); };
    // The timeout runs until NLMSG_DONE; an abort counts until the consumer is finished.
    const cleanup = this.guard(seq, { ...options, signal: undefined }, (err) => call.onError(err), true);
    const call: PendingCall = {
      seq,
      kind: 'dump',
      request: bytes,
      expectReply: true,
      namer: options.namer,
      operation: options.operation,
      onMessage: (m) => {
        count++;
        if ((m.flags & NLM_F_DUMP_INTR) !== 0) interrupted = true;
        this.timers.get(seq)?.();
        this.queued++;
        queue.push(m);
        this.applyBackpressure();
      },
      onDone: (m) => {
        // The kernel also flags NLMSG_DONE itself when the dump became inconsistent.
        if (m && (m.flags & NLM_F_DUMP_INTR) !== 0) interrupted = true;
        finish();
        if (interrupted) queue.fail(new DumpInterruptedError(count));
        else queue.end();
      },
      onError: (err) => { finish(); queue.fail(err); },
    };
    queue.onDrain = () => {
      if (this.queued > 0) this.queued--;
      this.releaseBackpressure();
    };
    // Stop routing to a consumer that broke out of its loop or aborted. Messages still in
    // flight for this seq are then dropped: nothing else can claim them.
    const abandon = () => {
      cleanup();
      if (this.pending.get(seq) === call) this.abandoned.add(seq);
      this.pending.delete(seq);
      this.releaseBackpressure();
    };
    queue.onReturn = abandon;
    queue.onDiscard = (n) => this.discarded(n);
    const onAbort = () => {
      abandon();
      queue.abort(new AbortError(options.signal?.reason));
    };
    queue.onSettled = () => options.signal?.removeEventListener('abort', onAbort);
    if (options.signal?.aborted) {
      queue.abort(new AbortError(options.signal.reason));
      cleanup();
      return queue;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.pending.set(seq, call);
    try {
      this.transport.send(bytes, this.peer);
    } catch (err) {
      call.onError(err as Error);
    }
    return queue;
  }
  private readonly abandoned = new Set<number>();

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
  subscribe(groups: number[] = [], options: { signal?: AbortSignal } = {}): AsyncIterableIterator<Unsolicited> {
    this.assertOpen();
    const queue = new AsyncQueue<Unsolicited>();
    for (const g of groups) this.join(g);
    const leave = () => {
      this.subscribers.delete(queue);
      if (!this.closed) for (const g of groups) this.leave(g);
      options.signal?.removeEventListener('abort', onAbort);
      this.releaseBackpressure();
    };
    const onAbort = () => { queue.fail(new AbortError(options.signal?.reason)); leave(); };
    queue.onReturn = leave;
    queue.onDiscard = (n) => this.discarded(n);
    queue.onDrain = () => {
      if (this.queued > 0) this.queued--;
      this.releaseBackpressure();
    };
    if (options.signal?.aborted) {
      onAbort();
      return queue;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.subscribers.add(queue);
    return queue;
  }

  private join(group: number): void {
    const n = this.groupRefs.get(group) ?? 0;
    if (n === 0) this.transport.addMembership(group);
    this.groupRefs.set(group, n + 1);
  }

  private leave(group: number): void {
    const n = this.groupRefs.get(group) ?? 0;
    if (n <= 1) {
      this.groupRefs.delete(group);
      try { this.transport.dropMembership(group); } catch { /* socket may be closing */ }
    } else this.groupRefs.set(group, n - 1);
  }

  /** Items a consumer dropped unread no longer count against the high-water mark. */
  private discarded(n: number): void {
    this.queued = Math.max(0, this.queued - n);
    this.releaseBackpressure();
  }

  private applyBackpressure(): void {
    if (!this.paused && this.queued >= this.highWaterMark) {
      this.paused = true;
      this.transport.pause();
    }
  }

  private releaseBackpressure(): void {
    if (this.paused && this.queued <= this.highWaterMark / 2 && !this.closed) {
      this.paused = false;
      this.transport.resume();
    }
  }

  private onDatagrams(datagrams: Uint8Array[], senders: number[]): void {
    for (let i = 0; i < datagrams.length; i++) {
      let msgs: NlMessage[];
      try {
        msgs = splitMessages(datagrams[i]!);
      } catch {
        continue; // a garbage datagram (from a user-space peer) must not break the session
      }
      for (const m of msgs) this.dispatch(m, senders[i] ?? 0);
    }
  }

  private dispatch(m: NlMessage, sender: number): void {
    const call = m.seq !== 0 ? this.pending.get(m.seq) : undefined;
    if (call && sender === this.peer) {
      switch (m.type) {
        case NLMSG_NOOP: return;
        case NLMSG_OVERRUN: call.onError(new OverrunError()); return;
        case NLMSG_ERROR: {
          const { error, extack } = parseErrorPayload(m.buf, m.start, m.end, m.flags);
          if (error === 0) {
            if (call.kind === 'request') call.onDone();
            return;
          }
          call.onError(this.makeError(-error, extack, call));
          return;
        }
        case NLMSG_DONE: {
          if (call.kind !== 'dump') return;
          if (m.end - m.start >= 4) {
            const code = new DataView(m.buf.buffer, m.buf.byteOffset).getInt32(m.start, true);
            if (code < 0) {
              const { extack } = parseErrorPayload(m.buf, m.start, m.end, m.flags, false);
              call.onError(this.makeError(-code, extack, call));
              return;
            }
          }
          call.onDone(m);
          return;
        }
        default:
          if (call.kind === 'dump' || call.expectReply) {
            call.onMessage(m);
            return;
          }
      }
    }
    if (m.seq !== 0 && this.abandoned.has(m.seq) && sender === this.peer) {
      if (m.type === NLMSG_DONE || m.type === NLMSG_ERROR) this.abandoned.delete(m.seq);
      return;
    }
    if (m.type === NLMSG_ERROR || m.type === NLMSG_DONE || m.type === NLMSG_NOOP) return;
    for (const q of this.subscribers) {
      this.queued++;
      q.push({ message: m, sender });
    }
    this.applyBackpressure();
  }

  private makeError(errno: number, extack: NetlinkError['extack'], call: PendingCall): NetlinkError {
    const named = call.namer ? safeNames(call.namer, extack, call.request) : {};
    return new NetlinkError(errno, { ...extack, ...named }, new DataView(call.request.buffer, call.request.byteOffset).getUint16(4, true), call.operation);
  }

  private onSocketError(err: Error): void {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOBUFS') {
      // Lost notifications: every subscriber must know. Dumps are not affected: the kernel
      // paces dump data to the reader and never drops it (and a lost ack would be the only
      // loss a request can see, which its timeout covers).
      for (const q of this.subscribers) q.fail(new OverrunError(), false);
      return;
    }
    this.failAll(err);
  }

  private failAll(err: Error): void {
    for (const call of [...this.pending.values()]) call.onError(err);
    this.pending.clear();
  }

  /** Closes the socket; every pending call rejects with SessionClosedError. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new SessionClosedError());
    for (const q of this.subscribers) q.fail(new SessionClosedError());
    this.subscribers.clear();
    this.transport.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new SessionClosedError();
  }
}

function safeNames(namer: ExtAckNamer, extack: NetlinkError['extack'], request: Uint8Array) {
  try {
    return namer(extack, request);
  } catch {
    return {};
  }
}
