/**
 * The server side of a family, for protocols served from user space (NETLINK_USERSOCK or a
 * custom protocol number): requests are decoded by operation and handed to handlers; replies,
 * dump parts, acks and errors go back the way the kernel would send them.
 */
import type { FamilyRuntime } from '../codec/runtime.js';
import type { Decoded } from '../codec/struct.js';
import type { Session } from '../session/session.js';
import type { NlMessage } from '../wire/header.js';
import { MessageBuilder } from '../wire/attrs.js';
import { stringBytes } from '../wire/scalars.js';
import {
  NLMSGERR_ATTR_MSG, NLMSG_DONE, NLMSG_ERROR, NLMSG_HDRLEN, NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_DUMP, NLM_F_MULTI,
} from '../wire/constants.js';
import { NetlinkError, ValidationError } from '../errors.js';
import { DecodeError } from '../errors.js';
import type { AbortSignalLike } from '../platform.js';

export interface RequestContext {
  op: string;
  mode: 'do' | 'dump';
  /** Port id of the requesting socket. */
  sender: number;
  seq: number;
  flags: number;
}

/** A handler returns the reply (do), the items (dump; any iterable), or nothing (ack only). */
export type RequestHandler = (request: Decoded, ctx: RequestContext) =>
  | Decoded | void | Iterable<Decoded> | AsyncIterable<Decoded>
  | Promise<Decoded | void | Iterable<Decoded> | AsyncIterable<Decoded>>;

const EOPNOTSUPP = 95;
const EINVAL = 22;

export class FamilyServer {
  constructor(
    readonly runtime: FamilyRuntime,
    readonly session: Session,
    readonly handlers: Record<string, RequestHandler>,
  ) {}

  /**
   * Serves requests until the signal aborts or the session closes. A request that cannot be
   * decoded, or has no handler, gets an error reply; it never stops the server.
   */
  async serve(options: { signal?: AbortSignalLike } = {}): Promise<void> {
    const incoming = this.session.subscribe([], options);
    try {
      for await (const { message, sender } of incoming) await this.handle(message, sender);
    } catch (err) {
      if ((err as Error).name === 'AbortError' || (err as Error).name === 'SessionClosedError') return;
      throw err;
    }
  }

  /** Handles one request message from `sender`. */
  async handle(m: NlMessage, sender: number): Promise<void> {
    const dump = (m.flags & NLM_F_DUMP) === NLM_F_DUMP;
    let decoded: ReturnType<FamilyRuntime['decodeRequest']>;
    try {
      decoded = this.runtime.decodeRequest(m);
    } catch (err) {
      this.sendError(m, sender, EINVAL, err instanceof DecodeError ? `malformed request: ${err.message}` : 'malformed request');
      return;
    }
    const handler = decoded && this.handlers[decoded.op.name];
    if (!decoded || !handler) {
      this.sendError(m, sender, EOPNOTSUPP, decoded ? `operation ${decoded.op.name} is not served` : `unknown message type ${m.type}`);
      return;
    }
    const ctx: RequestContext = { op: decoded.op.name, mode: dump ? 'dump' : 'do', sender, seq: m.seq, flags: m.flags };
    try {
      const result = await handler(decoded.value, ctx);
      if (dump) {
        if (result && typeof result === 'object' && (Symbol.asyncIterator in result || Symbol.iterator in result)) {
          for await (const item of result as AsyncIterable<Decoded>) this.sendReply(decoded.op.name, item, m, sender, NLM_F_MULTI);
        }
        this.session.send({ type: NLMSG_DONE, flags: NLM_F_MULTI, body: new Uint8Array(4), seq: m.seq }, sender);
        return;
      }
      if (result && typeof result === 'object' && !(Symbol.iterator in result) && !(Symbol.asyncIterator in result)) {
        this.sendReply(decoded.op.name, result as Decoded, m, sender, 0);
      }
      if ((m.flags & NLM_F_ACK) !== 0) this.sendAck(m, sender, 0);
    } catch (err) {
      if (err instanceof NetlinkError) this.sendError(m, sender, err.errno, err.extack.message);
      else if (err instanceof ValidationError) this.sendError(m, sender, EINVAL, err.message);
      else this.sendError(m, sender, EINVAL, (err as Error).message);
    }
  }

  /** Multicasts a notification of `opName` to the family's group `group`. */
  publish(opName: string, value: Decoded, group: string): void {
    const g = this.runtime.ir.mcastGroups.find((x) => x.name === group);
    if (g?.value === undefined || g.value < 1 || g.value > 32) throw new Error(`${this.runtime.name}: group ${group} has no number in 1..32`);
    const msg = this.runtime.encodeReply(opName, value);
    this.session.send({ ...msg, seq: 0 }, 0, 1 << (g.value - 1));
  }

  private sendReply(opName: string, value: Decoded, req: NlMessage, to: number, flags: number): void {
    const msg = this.runtime.encodeReply(opName, value);
    this.session.send({ ...msg, flags, seq: req.seq }, to);
  }

  private sendAck(req: NlMessage, to: number, errno: number, text?: string): void {
    const b = new MessageBuilder(64);
    b.view.setInt32(b.zeros(4), -errno, true);
    // The request's header, capped (no payload), as the kernel does with NETLINK_CAP_ACK.
    b.bytes(req.buf.subarray(req.start - NLMSG_HDRLEN, req.start));
    let flags = NLM_F_CAPPED;
    if (text) {
      b.attr(NLMSGERR_ATTR_MSG, stringBytes(text));
      flags |= NLM_F_ACK_TLVS;
    }
    this.session.send({ type: NLMSG_ERROR, flags, body: b.finish(), seq: req.seq }, to);
  }

  private sendError(req: NlMessage, to: number, errno: number, text?: string): void {
    this.sendAck(req, to, errno, text);
  }
}
