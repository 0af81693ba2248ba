/**
 * A family, ready to run: encode requests, decode replies and notifications, and name the
 * attributes an extended ack points at. Built once per FamilyIR (`defineFamily`).
 */
import { UNKNOWN_KEY, memberName, type AttrIR, type FamilyIR, type OperationIR } from '@nlkit/ir';
import { FamilyIndex } from './family.js';
import { Decoder } from './decode.js';
import { Encoder } from './encode.js';
import type { Decoded } from './struct.js';
import { decodeLayout, encodeLayout, makeLayout, subMessageFormat, type Layout, type LayoutErrors } from './layout.js';
import { MessageBuilder, walkAttrs } from '../wire/attrs.js';
import { GENL_HDRLEN, NLMSG_HDRLEN, NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../wire/constants.js';
import { splitMessages, writeHeader, type NlMessage } from '../wire/header.js';
import { DecodeError } from '../errors.js';
import { MAX_NEST_DEPTH, capText } from '../wire/limits.js';
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
   * schema names joined with dots, e.g. `linkinfo.data.id` or `header.dev-name`.
   */
  namer(opName: string): (ack: ExtAck, request: Uint8Array) => Partial<ExtAck> {
    return (ack, request) => {
      const op = this.op(opName);
      const out: Partial<ExtAck> = {};
      const layout = this.layoutOf(op);
      const start = NLMSG_HDRLEN + layout.attrsOffset;
      if (!op.attributeSet) return out;
      if (ack.offset !== undefined) {
        if (ack.offset < start && op.fixedHeader) out.attributePath = [layout.headerKey, this.structMemberAt(op.fixedHeader, ack.offset - NLMSG_HDRLEN - layout.preamble)];
        else {
          const path = this.pathAt(op.attributeSet, request, start, request.length, ack.offset, [], 0);
          if (path.length) out.attributePath = path;
        }
      }
      if (ack.missingType !== undefined) {
        let setName: string | undefined = op.attributeSet;
        if (ack.missingNestOffset !== undefined) {
          const found = this.setAt(op.attributeSet, request, start, request.length, ack.missingNestOffset, [], [], 0);
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

  private structMemberAt(structName: string, offset: number): string {
    const st = this.index.struct(structName);
    return st.members.find((m) => offset >= m.offset && offset < m.offset + m.size)?.name ?? `byte ${offset}`;
  }

  /** The names leading to the attribute whose header starts at (or contains) `target`. */
  private pathAt(setName: string, buf: Uint8Array, start: number, end: number, target: number, scopes: Region[], depth: number): string[] {
    let found: string[] = [];
    const idx = this.index.sets.get(setName);
    if (!idx || depth > MAX_NEST_DEPTH) return found;
    const here = [...scopes, { set: setName, start, end }];
    walkAttrsSafe(buf, start, end, undefined, (type, s, e) => {
      if (found.length || target < s - 4 || target >= e) return;
      const attr = idx.byValue.get(type);
      found = [attr?.name ?? `attr-${type}`];
      if (target < s || !attr) return;
      const inner = this.innerSet(attr, buf, s, here);
      if (inner) found = [...found, ...this.pathAt(inner.set, buf, inner.start, e, target, here, depth + 1)];
    });
    return found;
  }

  /** Finds the nest whose header is at `target`: its attribute set and path. */
  private setAt(setName: string, buf: Uint8Array, start: number, end: number, target: number, path: string[], scopes: Region[], depth: number): { set: string; path: string[] } | undefined {
    const idx = this.index.sets.get(setName);
    if (!idx || depth > MAX_NEST_DEPTH) return undefined;
    const here = [...scopes, { set: setName, start, end }];
    let result: { set: string; path: string[] } | undefined;
    walkAttrsSafe(buf, start, end, undefined, (type, s, e) => {
      if (result || target < s - 4 || target >= e) return;
      const attr = idx.byValue.get(type);
      const inner = attr && this.innerSet(attr, buf, s, here);
      if (!attr || !inner) return;
      const p = [...path, attr.name];
      result = target === s - 4 ? { set: inner.set, path: p } : this.setAt(inner.set, buf, inner.start, e, target, p, here, depth + 1);
    });
    return result;
  }

  /** The attribute set inside a nest or sub-message, and where its attributes begin. */
  private innerSet(attr: AttrIR, buf: Uint8Array, s: number, scopes: Region[]): { set: string; start: number } | undefined {
    if (attr.type === 'nest' && attr.nestedAttributes) return { set: attr.nestedAttributes, start: s };
    if (attr.type !== 'sub-message' || !attr.subMessage || !attr.selector) return undefined;
    const value = this.selectorIn(attr.selector, buf, scopes);
    const fmt = value === undefined ? undefined : subMessageFormat(this.index, attr.subMessage, value);
    if (!fmt?.layout.attributeSet) return undefined;
    return { set: fmt.layout.attributeSet, start: s + fmt.layout.attrsOffset };
  }

  /** The selector's value in the request bytes: the innermost enclosing nest that has it. */
  private selectorIn(selector: string, buf: Uint8Array, scopes: Region[]): string | undefined {
    const key = memberName(selector);
    for (let i = scopes.length - 1; i >= 0; i--) {
      const r = scopes[i]!;
      const sel = this.index.sets.get(r.set)?.byMember.get(key);
      if (!sel) continue;
      let value: string | undefined;
      walkAttrsSafe(buf, r.start, r.end, sel.value, (_t, vs, ve) => {
        try {
          value = String(this.decoder.decodeSet(r.set, buf, vs - 4, ve)[key]);
        } catch { /* leave undefined */ }
      });
      if (value !== undefined) return value;
    }
    return undefined;
  }
}

interface Region {
  set: string;
  start: number;
  end: number;
}

/** Walks what can be walked (the request may be what the kernel objected to). */
function walkAttrsSafe(buf: Uint8Array, start: number, end: number, type: number | undefined, visit: (t: number, s: number, e: number) => void): void {
  try {
    walkAttrs(buf, start, end, (t, s, e) => { if (type === undefined || t === type) visit(t, s, e); });
  } catch { /* best effort */ }
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
