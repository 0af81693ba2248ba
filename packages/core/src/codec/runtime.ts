/**
 * A family, ready to run: encode requests, decode replies and notifications, and name the
 * attributes an extended ack points at. Built once per FamilyIR (`defineFamily`).
 */
import { UNKNOWN_KEY, memberName, type FamilyIR, type OperationIR } from '@nlkit/ir';
import { FamilyIndex } from './family.js';
import { Decoder } from './decode.js';
import { Encoder } from './encode.js';
import type { Decoded } from './struct.js';
import { decodeLayout, encodeLayout, makeLayout, type Layout, type LayoutErrors } from './layout.js';
import { MessageBuilder } from '../wire/attrs.js';
import { AckNames, structMemberAt, type Region } from './ack-names.js';
import { GENL_HDRLEN, NLMSG_HDRLEN, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../wire/constants.js';
import { splitMessages, writeHeader, type NlMessage } from '../wire/header.js';
import { DecodeError } from '../errors.js';
import { capText } from '../wire/limits.js';
import type { ExtAck } from '../errors.js';
import { ValidationError } from '../errors.js';
import type { OutgoingMessage } from '../session/session.js';

export type Mode = 'do' | 'dump';

export interface RuntimeOptions {
  /** Build straight-line decoders from the IR (default true; false interprets the same tables). */
  compile?: boolean;
  /** Interpreted decodes of a set before its decoder is generated (default COMPILE_AFTER; 0 = at once). */
  compileAfter?: number;
}

export class FamilyRuntime {
  readonly index: FamilyIndex;
  readonly decoder: Decoder;
  /** Encodes attribute sets of request bodies (stateless between calls). */
  private readonly encoder: Encoder;
  readonly isGenl: boolean;
  /** replyValue → operations whose replies or notifications carry that id. */
  private readonly byReply = new Map<number, OperationIR[]>();

  constructor(readonly ir: FamilyIR, options: RuntimeOptions = {}) {
    this.index = new FamilyIndex(ir);
    this.decoder = new Decoder(this.index, { compile: options.compile, compileAfter: options.compileAfter });
    this.encoder = new Encoder(this.index, NLMSG_HDRLEN);
    this.isGenl = ir.protocol !== 'netlink-raw';
    for (const op of ir.operations) {
      for (const v of [op.replyValue, op.notification ? undefined : op.requestValue]) {
        if (v === undefined) continue;
        const list = this.byReply.get(v) ?? [];
        if (!list.includes(op)) list.push(op);
        this.byReply.set(v, list);
      }
    }
    // Notifications first: an incoming message with their id is most likely one of them.
    for (const list of this.byReply.values()) list.sort((a, b) => Number(!!b.notification) - Number(!!a.notification));
  }

  get name(): string {
    return this.ir.name;
  }

  op(name: string): OperationIR {
    return this.index.op(name);
  }

  /**
   * Encodes a request for `op` in `mode`. For genetlink, `type` is the family id, which the
   * caller resolves; for netlink-raw it is the op's message type.
   */
  encodeRequest(opName: string, mode: Mode, value: unknown, familyId = 0): OutgoingMessage {
    const op = this.op(opName);
    const modeIr = op[mode];
    if (!modeIr || op.requestValue === undefined) throw new ValidationError([], `${this.name}: operation ${opName} has no ${mode}`);
    return { type: this.isGenl ? familyId : op.requestValue, body: this.encodeBody(op, op.requestValue, value, mode) };
  }

  /**
   * Encodes a reply or notification of `op` (what a user-space server sends back). For
   * genetlink, `type` is the family id the caller passes.
   */
  encodeReply(opName: string, value: unknown, familyId = 0): OutgoingMessage {
    const op = this.op(opName);
    const id = op.replyValue ?? op.requestValue;
    if (id === undefined) throw new ValidationError([], `${this.name}: operation ${opName} has no reply id`);
    return { type: this.isGenl ? familyId : id, body: this.encodeBody(op, id, value) };
  }

  /**
   * genlmsghdr (genetlink), fixed header, attributes. A request (`mode` given) may carry only
   * the attributes its operation lists for that mode.
   */
  private encodeBody(op: OperationIR, id: number, value: unknown, mode?: Mode): Uint8Array {
    const layout = this.layoutOf(op);
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array)) {
      throw new ValidationError([], `expected an object for ${op.name}`);
    }
    const obj = (value ?? {}) as Decoded;
    if (mode) this.checkRequestAttrs(op, mode, obj, layout);
    // One scratch builder per runtime (encoding is synchronous); finish() hands out a copy.
    const b = this.scratch ?? new MessageBuilder(128);
    this.scratch = undefined;
    b.length = 0;
    try {
      if (this.isGenl) {
        b.u8(id);
        b.u8(this.ir.genlVersion ?? 1);
        b.u16(0);
      }
      let errors = this.layoutErrors.get(op);
      if (!errors) this.layoutErrors.set(op, (errors = { noHeader: `${op.name} has no fixed header`, noAttributes: `${op.name} takes no attributes` }));
      encodeLayout(layout, this.index, this.encoder, obj, b, [], [], 0, errors);
      return b.finish();
    } finally {
      // Kept unless it grew past what a typical request needs.
      if (b.buf.length <= 4096) this.scratch = b;
    }
  }
  private scratch: MessageBuilder | undefined;
  private readonly layoutErrors = new Map<OperationIR, LayoutErrors>();

  /** Refuses a request attribute the operation does not list for this mode, naming the ones it does. */
  private checkRequestAttrs(op: OperationIR, mode: Mode, obj: Decoded, layout: Layout): void {
    const key = `${mode}:${op.name}`;
    let allowed = this.requestAttrs.get(key);
    if (!allowed) {
      allowed = new Set((op[mode]?.request?.attributes ?? []).map(memberName));
      this.requestAttrs.set(key, allowed);
    }
    for (const k of Object.keys(obj)) {
      // The fixed header is checked by encodeBody; $unknown is raw attributes, sent as given.
      if (allowed.has(k) || k === layout.headerKey || k === UNKNOWN_KEY || obj[k] === undefined) continue;
      const takes = [...(layout.header ? [layout.headerKey] : []), ...allowed];
      throw new ValidationError([capText(k)], `${op.name} (${mode}) does not take this attribute; it takes ${takes.length ? takes.join(', ') : 'nothing'}`);
    }
  }
  /** `${mode}:${op}` → the camelCase names of the request's attributes. */
  private readonly requestAttrs = new Map<string, Set<string>>();

  /** Decodes a message of `op` (a reply or a notification): fixed header and attributes. */
  decodeMessage(op: OperationIR, m: NlMessage): Decoded {
    return decodeLayout(this.layouts.get(op) ?? this.layoutOf(op), this.index, this.decoder, m.buf, m.start, m.end, [], 0);
  }

  /** An op's message layout (preamble, fixed header, attribute set), worked out once per op. */
  layoutOf(op: OperationIR): Layout {
    let layout = this.layouts.get(op);
    if (!layout) {
      layout = makeLayout(this.index, op, this.isGenl ? GENL_HDRLEN : 0);
      this.layouts.set(op, layout);
    }
    return layout;
  }
  private readonly layouts = new Map<OperationIR, Layout>();

  /**
   * A whole request message (nlmsghdr included), for tools and tests that handle bytes. Flags
   * default to NLM_F_REQUEST | NLM_F_ACK (do) or NLM_F_REQUEST | NLM_F_DUMP (dump).
   */
  encodeRequestBytes(opName: string, mode: Mode, value: unknown, opts: { seq?: number; portId?: number; familyId?: number; flags?: number } = {}): Uint8Array {
    const msg = this.encodeRequest(opName, mode, value, opts.familyId);
    const body = msg.body ?? new Uint8Array(0);
    const out = new Uint8Array(NLMSG_HDRLEN + body.length);
    const flags = opts.flags ?? (mode === 'do' ? NLM_F_REQUEST | NLM_F_ACK : NLM_F_REQUEST | NLM_F_DUMP);
    writeHeader(out, 0, { length: out.length, type: msg.type, flags, seq: opts.seq ?? 0, portId: opts.portId ?? 0 });
    out.set(body, NLMSG_HDRLEN);
    return out;
  }

  /** Decodes the first message in `bytes` as a message of `opName`. */
  decodeMessageBytes(opName: string, bytes: Uint8Array): Decoded {
    const [m] = splitMessages(bytes);
    if (!m) throw new DecodeError('no netlink message in the buffer', 0);
    return this.decodeMessage(this.op(opName), m);
  }

  /** Decodes a request message as its op's request (for captured traffic). */
  decodeRequest(m: NlMessage): { op: OperationIR; value: Decoded } | undefined {
    const id = this.messageId(m);
    const op = this.ir.operations.find((o) => o.requestValue === id && (o.do || o.dump));
    return op ? { op, value: this.decodeMessage(op, m) } : undefined;
  }

  /** The message id of an incoming message: nlmsg_type, or the genl cmd. */
  messageId(m: NlMessage): number {
    return this.isGenl ? (m.end > m.start ? m.buf[m.start]! : -1) : m.type;
  }

  /** Which operation an unsolicited message belongs to (notifications preferred). */
  classify(m: NlMessage): OperationIR | undefined {
    return this.byReply.get(this.messageId(m))?.[0];
  }

  /**
   * Turns extack offsets into attribute names by walking the request as sent. Paths are
   * schema names, with record and element indexes, e.g. `linkinfo.data.id`,
   * `header.dev-name` or `multipath.1.gateway`.
   */
  namer(opName: string): (ack: ExtAck, request: Uint8Array) => Partial<ExtAck> {
    return (ack, request) => {
      const op = this.op(opName);
      const out: Partial<ExtAck> = {};
      const layout = this.layoutOf(op);
      const start = NLMSG_HDRLEN + layout.attrsOffset;
      if (!op.attributeSet) return out;
      const headerAt = NLMSG_HDRLEN + layout.preamble;
      const header = layout.header && { struct: layout.header, start: headerAt, end: Math.min(request.length, headerAt + layout.header.size) };
      const body: Region = { set: op.attributeSet, start, end: request.length, header, headerKey: layout.headerKey };
      const names = (this.ackNames ??= new AckNames(this.index, this.decoder));
      if (ack.offset !== undefined) {
        if (ack.offset < start && layout.header) out.attributePath = [layout.headerKey, structMemberAt(layout.header, ack.offset - headerAt)];
        else {
          const path = names.pathAt(body, request, ack.offset, [], 0);
          if (path.length) out.attributePath = path;
        }
      }
      if (ack.missingType !== undefined) {
        let setName: string | undefined = op.attributeSet;
        if (ack.missingNestOffset !== undefined) {
          const found = names.setAt(body, request, ack.missingNestOffset, [], [], 0);
          if (found) {
            out.missingNestPath = found.path;
            setName = found.set;
          } else setName = undefined;
        }
        const attr = setName ? this.index.sets.get(setName)?.byValue.get(ack.missingType) : undefined;
        if (attr) out.missingAttribute = attr.name;
      }
      return out;
    };
  }
  private ackNames: AckNames | undefined;
}

const runtimes = new WeakMap<FamilyIR, FamilyRuntime>();

/** The runtime for a family IR, built once. */
export function defineFamily(ir: FamilyIR): FamilyRuntime {
  let r = runtimes.get(ir);
  if (!r) {
    r = new FamilyRuntime(ir);
    runtimes.set(ir, r);
  }
  return r;
}
