/**
 * nfnetlink batches: the transactions of nf_tables (and any nfnetlink subsystem with commit
 * and abort). The kernel treats a datagram that starts with NFNL_MSG_BATCH_BEGIN as one
 * transaction, up to NFNL_MSG_BATCH_END: every message is applied, and the lot is committed
 * only if none failed. So a batch is always exactly one datagram. The kernel reports each
 * failed message by its seq (with or without NLM_F_ACK), acks each NLM_F_ACK message once the
 * batch is done, and reports a whole-batch failure (generation mismatch, failed commit)
 * against the BEGIN message. It never acks BEGIN or END themselves, so a NLMSG_NOOP with
 * NLM_F_ACK sent right after the batch marks the end of its answers: a socket's datagrams
 * are processed in order.
 *
 * The channel owns its socket, so the session's request window, dump queue and re-send logic
 * never see batch traffic.
 */
import { BatchError, NetlinkError, OutcomeUnknownError, SessionClosedError, TimeoutError, AbortError, type BatchFailure, type ExtAck } from '../errors.js';

// The batch errors live with every other error class; exported here too, beside BatchChannel.
export { BatchError, type BatchFailure };
import { nameExtAck, type ExtAckNamer } from '../session/pending.js';
import { NativeTransport } from '../transport/native.js';
import type { Transport, TransportOptions } from '../transport/types.js';
import { splitDatagram, writeHeader, type NlMessage } from '../wire/header.js';
import { parseErrorPayload } from '../wire/extack.js';
import {
  NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_NETFILTER, NLMSG_ERROR, NLMSG_HDRLEN, NLMSG_NOOP, NLM_F_ACK, NLM_F_ECHO,
  NLM_F_REQUEST, SOL_NETLINK, SOL_SOCKET, SO_RCVBUF, SO_RCVBUFFORCE, SO_SNDBUF, SO_SNDBUFFORCE, align4,
} from '../wire/constants.js';
import { walkAttrs } from '../wire/attrs.js';
import { KERNEL_TIMEOUT_MS } from '../session/session.js';
import { Timer } from '../session/timer.js';
import type { AbortSignalLike } from '../platform.js';

export const NFNL_MSG_BATCH_BEGIN = 0x10;
export const NFNL_MSG_BATCH_END = 0x11;
export const NFNL_BATCH_GENID = 1;
export const NFNL_SUBSYS_NFTABLES = 10;
const NFT_MSG_NEWGEN = (NFNL_SUBSYS_NFTABLES << 8) | 15;
const NFT_MSG_GETGEN = (NFNL_SUBSYS_NFTABLES << 8) | 16;
const NFTA_GEN_ID = 1;

/** One message of a batch: its type and body (nfgenmsg and attributes, no nlmsghdr). */
export interface BatchMessage {
  type: number;
  /** NLM_F_CREATE, NLM_F_EXCL, NLM_F_ECHO, ...; NLM_F_REQUEST is added. */
  flags?: number;
  body: Uint8Array;
  /** Name used in errors, e.g. 'newrule'. */
  operation?: string;
  /** Turns an extack offset into attribute names (the spec layer supplies it). */
  namer?: ExtAckNamer;
}

export interface BatchOptions {
  /** The nfnetlink subsystem the batch is for (res_id of BEGIN/END); default nf_tables. */
  subsystem?: number;
  /** Commit only if the ruleset generation is still this one (else the batch fails with ERESTART). */
  generation?: number;
  /** Ask the kernel to ack every message (NLM_F_ACK). Errors are reported either way. */
  acks?: boolean;
  signal?: AbortSignalLike;
  timeoutMs?: number;
}

export interface BatchResult {
  /** Messages the kernel sent back for each batch message (NLM_F_ECHO), by index. */
  replies: NlMessage[][];
  /** nf_tables: the ruleset generation read right after the commit (this commit's, unless another followed at once). */
  generation?: number;
  /** With `acks`: how many messages the kernel acked. */
  acked: number;
}

interface PendingBatch {
  subsystem: number;
  firstSeq: number;
  lastSeq: number;
  barrierSeq: number;
  messages: BatchMessage[];
  bytes: Uint8Array;
  offsets: number[];
  replies: NlMessage[][];
  failures: BatchFailure[];
  acked: number;
  generation?: number;
  overrun: boolean;
  resolve: (r: BatchResult) => void;
  reject: (e: Error) => void;
}

/** Sends nfnetlink batches on a socket of its own and collects what the kernel says about them. */
export class BatchChannel {
  private seq = (Date.now() & 0x3fffffff) || 1;
  private readonly pending = new Set<PendingBatch>();
  private closed = false;

  constructor(readonly transport: Transport) {
    transport.start(
      // Only the kernel (port 0) answers batches; anything another process sends here is not an answer.
      (datagrams, senders) => { datagrams.forEach((d, i) => { if ((senders[i] ?? 0) === 0) this.onDatagram(d); }); },
      (err) => this.onError(err),
    );
  }

  /** Opens a NETLINK_NETFILTER socket (in `netns` when given) with extended acks. */
  static async open(options: TransportOptions = {}): Promise<BatchChannel> {
    const transport = await NativeTransport.open(NETLINK_NETFILTER, options);
    for (const opt of [NETLINK_EXT_ACK, NETLINK_CAP_ACK]) {
      try { transport.setOption(SOL_NETLINK, opt, 1); } catch { /* older kernels */ }
    }
    return new BatchChannel(transport);
  }

  /**
   * Sends `messages` as one transaction and resolves once the kernel committed it. Rejects
   * with BatchError when the kernel refused it (nothing applied), OutcomeUnknownError when
   * answers were lost to a receive-buffer overrun and no failure was seen.
   */
  commit(messages: BatchMessage[], options: BatchOptions = {}): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new SessionClosedError());
    if (options.signal?.aborted) return Promise.reject(new AbortError(options.signal.reason, false));
    const subsystem = options.subsystem ?? NFNL_SUBSYS_NFTABLES;
    const firstSeq = this.take(messages.length + 2);
    const { bytes, offsets } = this.serialize(messages, firstSeq, subsystem, options);
    const barrierSeq = this.take(1);
    const barrier = barrierMessage(barrierSeq, subsystem);
    const echoes = messages.reduce((n, m) => n + ((m.flags ?? 0) & NLM_F_ECHO ? 1 : 0), 0);
    this.fitBuffers(bytes.length, (options.acks ? messages.length : 0) * 1024 + echoes * 4096);
    return new Promise<BatchResult>((resolve, reject) => {
      const ms = options.timeoutMs ?? KERNEL_TIMEOUT_MS;
      let timer: Timer | undefined;
      const signal = options.signal;
      const finish = () => {
        timer?.clear();
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(batch);
      };
      const batch: PendingBatch = {
        subsystem, firstSeq, lastSeq: firstSeq + messages.length + 1, barrierSeq, messages, bytes, offsets,
        replies: messages.map(() => []), failures: [], acked: 0, overrun: false,
        resolve: (r) => { finish(); resolve(r); },
        reject: (e) => { finish(); reject(e); },
      };
      // Once the batch left, giving up cannot undo it: the outcome is unknown to the caller.
      const onAbort = () => batch.reject(new AbortError(signal?.reason, true));
      if (ms > 0 && Number.isFinite(ms)) {
        // Timer, not setTimeout: a timeout beyond 2^31 ms must not fire at once.
        timer = new Timer(ms, () => batch.reject(new TimeoutError(ms, `nfnetlink batch of ${messages.length}`, true)));
        timer.unref();
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.add(batch);
      try {
        this.transport.send(bytes);
        this.transport.send(barrier);
      } catch (err) {
        batch.reject(err as Error);
      }
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const b of [...this.pending]) b.reject(new SessionClosedError());
    this.transport.close();
  }

  private take(n: number): number {
    if (this.seq + n > 0xffffffff) this.seq = 1;
    const first = this.seq;
    this.seq += n;
    return first;
  }

  /** BEGIN, the messages, END: one buffer, one datagram. */
  private serialize(messages: BatchMessage[], firstSeq: number, subsystem: number, options: BatchOptions): { bytes: Uint8Array; offsets: number[] } {
    const control = NLMSG_HDRLEN + 4;
    const beginLen = control + (options.generation !== undefined ? 8 : 0);
    let total = beginLen + control;
    for (const m of messages) total += NLMSG_HDRLEN + align4(m.body.length);
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    const offsets: number[] = [];
    writeHeader(bytes, 0, { length: beginLen, type: NFNL_MSG_BATCH_BEGIN, flags: NLM_F_REQUEST, seq: firstSeq, portId: 0 });
    view.setUint16(NLMSG_HDRLEN + 2, subsystem, false);
    if (options.generation !== undefined) {
      view.setUint16(control, 8, true);
      view.setUint16(control + 2, NFNL_BATCH_GENID, true);
      view.setUint32(control + 4, options.generation >>> 0, false);
    }
    let off = beginLen;
    const ack = options.acks ? NLM_F_ACK : 0;
    messages.forEach((m, i) => {
      offsets.push(off);
      const length = NLMSG_HDRLEN + m.body.length;
      writeHeader(bytes, off, { length, type: m.type, flags: NLM_F_REQUEST | ack | (m.flags ?? 0), seq: firstSeq + 1 + i, portId: 0 });
      bytes.set(m.body, off + NLMSG_HDRLEN);
      off += align4(length);
    });
    writeHeader(bytes, off, { length: control, type: NFNL_MSG_BATCH_END, flags: NLM_F_REQUEST, seq: firstSeq + messages.length + 1, portId: 0 });
    view.setUint16(off + NLMSG_HDRLEN + 2, subsystem, false);
    return { bytes, offsets };
  }

  /** Big batches need a send buffer that holds them, and acked or echoed ones room for the answers. */
  private fitBuffers(batchBytes: number, answerBytes: number): void {
    const grow = (get: number, force: number, want: number) => {
      let have = 0;
      try { have = this.transport.getOption?.(SOL_SOCKET, get) ?? 0; } catch { /* no socket options */ }
      // The kernel reports (and accounts) twice what was set; a datagram must fit in what was set.
      if (have / 2 >= want) return;
      try { this.transport.setOption(SOL_SOCKET, force, want); } catch { /* then the send reports EMSGSIZE */ }
    };
    grow(SO_SNDBUF, SO_SNDBUFFORCE, batchBytes + 4096);
    // Each answer is a small skb, but the receive buffer counts its true size (about 1 KiB).
    if (answerBytes > 0) grow(SO_RCVBUF, SO_RCVBUFFORCE, Math.max(1 << 20, answerBytes));
  }

  private onDatagram(buf: Uint8Array): void {
    for (const m of splitDatagram(buf).messages) {
      for (const b of this.pending) {
        if (m.seq >= b.firstSeq && m.seq <= b.lastSeq) this.onBatchMessage(b, m);
        else if (m.seq === b.barrierSeq && m.type === NLMSG_ERROR) this.settle(b);
        else if (m.seq === b.barrierSeq && m.type === NFT_MSG_NEWGEN) b.generation = readGeneration(m) ?? b.generation;
      }
    }
  }

  private onBatchMessage(b: PendingBatch, m: NlMessage): void {
    const index = m.seq - b.firstSeq - 1;
    if (m.type !== NLMSG_ERROR) {
      if (index >= 0 && index < b.messages.length) b.replies[index]!.push(m);
      return;
    }
    const { error, extack } = parseErrorPayload(m.buf, m.start, m.end, m.flags);
    if (error === 0) {
      b.acked++;
      return;
    }
    const msg = b.messages[index];
    let ack: ExtAck = extack;
    if (msg) {
      const start = b.offsets[index]!;
      ack = nameExtAck(msg.namer, extack, b.bytes.subarray(start, start + NLMSG_HDRLEN + msg.body.length));
    }
    const requestType = msg?.type ?? NFNL_MSG_BATCH_BEGIN;
    b.failures.push({ index: msg ? index : -1, operation: msg?.operation, error: new NetlinkError(-error, ack, requestType, msg?.operation) });
  }

  private settle(b: PendingBatch): void {
    if (b.failures.length) {
      // The batch's own failure (BEGIN) comes first; then messages in batch order.
      b.failures.sort((x, y) => x.index - y.index);
      b.reject(new BatchError(b.failures, b.messages.length));
    } else if (b.overrun) {
      b.reject(new OutcomeUnknownError(`nfnetlink batch of ${b.messages.length}`));
    } else {
      b.resolve({ replies: b.replies, generation: b.generation, acked: b.acked });
    }
  }

  private onError(err: Error): void {
    if ((err as NodeJS.ErrnoException).code === 'ENOBUFS') {
      // The barrier's ack may be among the lost: ask again, so the batch still settles.
      for (const b of this.pending) {
        b.overrun = true;
        b.barrierSeq = this.take(1);
        try {
          this.transport.send(barrierMessage(b.barrierSeq, b.subsystem));
        } catch (e) {
          b.reject(e as Error);
        }
      }
      return;
    }
    for (const b of [...this.pending]) b.reject(err);
  }
}

/**
 * A request with NLM_F_ACK whose ack comes after every answer to what was sent before it. For
 * nf_tables it is NFT_MSG_GETGEN, so the reply also tells the generation right after the
 * commit; elsewhere NLMSG_NOOP.
 */
function barrierMessage(seq: number, subsystem: number): Uint8Array {
  const nft = subsystem === NFNL_SUBSYS_NFTABLES;
  const length = NLMSG_HDRLEN + (nft ? 4 : 0);
  const out = new Uint8Array(length);
  writeHeader(out, 0, { length, type: nft ? NFT_MSG_GETGEN : NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq, portId: 0 });
  return out;
}

/** NFTA_GEN_ID from an NFT_MSG_NEWGEN message (nfgenmsg, then attributes); undefined if absent or malformed. */
function readGeneration(m: NlMessage): number | undefined {
  const view = new DataView(m.buf.buffer, m.buf.byteOffset);
  let generation: number | undefined;
  try {
    walkAttrs(m.buf, m.start + 4, m.end, (type, s, e) => {
      if (type === NFTA_GEN_ID && e - s >= 4) generation = view.getUint32(s, false);
    });
  } catch {
    return undefined;
  }
  return generation;
}
