/**
 * Generic netlink: family name → id, version and multicast group ids, through nlctrl
 * (CTRL_CMD_GETFAMILY). Results are cached per session; a cached entry is dropped when nlctrl
 * announces that the family went away (CTRL_CMD_DELFAMILY), once `watch()` runs.
 */
import type { Session } from '../session/session.js';
import type { NlMessage } from '../wire/header.js';
import { MessageBuilder, walkAttrs } from '../wire/attrs.js';
import { readString, stringBytes } from '../wire/scalars.js';
import { GENL_HDRLEN, GENL_ID_CTRL } from '../wire/constants.js';
import { FamilyNotFoundError, NetlinkError } from '../errors.js';
import type { AbortSignalLike } from '../platform.js';

export const CTRL_CMD_NEWFAMILY = 1;
export const CTRL_CMD_DELFAMILY = 2;
export const CTRL_CMD_GETFAMILY = 3;
export const CTRL_CMD_NEWMCAST_GRP = 7;
export const CTRL_CMD_DELMCAST_GRP = 8;
export const CTRL_CMD_GETPOLICY = 10;
export const CTRL_ATTR_FAMILY_ID = 1;
export const CTRL_ATTR_FAMILY_NAME = 2;
export const CTRL_ATTR_VERSION = 3;
export const CTRL_ATTR_HDRSIZE = 4;
export const CTRL_ATTR_MAXATTR = 5;
export const CTRL_ATTR_OPS = 6;
export const CTRL_ATTR_MCAST_GROUPS = 7;
export const CTRL_ATTR_POLICY = 8;
export const CTRL_ATTR_OP_POLICY = 9;
export const CTRL_ATTR_OP = 10;
export const CTRL_ATTR_MCAST_GRP_NAME = 1;
export const CTRL_ATTR_MCAST_GRP_ID = 2;
export const CTRL_ATTR_OP_ID = 1;
export const CTRL_ATTR_OP_FLAGS = 2;

export interface GenlFamilyInfo {
  name: string;
  id: number;
  version: number;
  hdrsize: number;
  maxattr: number;
  ops: Array<{ id: number; flags: number }>;
  /** Multicast group name → group id. */
  groups: Map<string, number>;
}

/** genlmsghdr (cmd, version, reserved) followed by `attrs`. */
export function genlBody(cmd: number, version: number, attrs?: Uint8Array): Uint8Array {
  const out = new Uint8Array(GENL_HDRLEN + (attrs?.length ?? 0));
  out[0] = cmd;
  out[1] = version;
  if (attrs) out.set(attrs, GENL_HDRLEN);
  return out;
}

/** Decodes a CTRL_CMD_NEWFAMILY message (reply or notification). */
export function parseFamily(m: NlMessage): GenlFamilyInfo {
  const dv = new DataView(m.buf.buffer, m.buf.byteOffset, m.buf.byteLength);
  const info: GenlFamilyInfo = { name: '', id: 0, version: 0, hdrsize: 0, maxattr: 0, ops: [], groups: new Map() };
  walkAttrs(m.buf, m.start + GENL_HDRLEN, m.end, (type, s, e) => {
    switch (type) {
      case CTRL_ATTR_FAMILY_ID: info.id = dv.getUint16(s, true); break;
      case CTRL_ATTR_FAMILY_NAME: info.name = readString(m.buf, s, e); break;
      case CTRL_ATTR_VERSION: info.version = dv.getUint32(s, true); break;
      case CTRL_ATTR_HDRSIZE: info.hdrsize = dv.getUint32(s, true); break;
      case CTRL_ATTR_MAXATTR: info.maxattr = dv.getUint32(s, true); break;
      case CTRL_ATTR_OPS:
        walkAttrs(m.buf, s, e, (_i, os, oe) => {
          const op = { id: 0, flags: 0 };
          walkAttrs(m.buf, os, oe, (t, vs) => {
            if (t === CTRL_ATTR_OP_ID) op.id = dv.getUint32(vs, true);
            else if (t === CTRL_ATTR_OP_FLAGS) op.flags = dv.getUint32(vs, true);
          });
          info.ops.push(op);
        });
        break;
      case CTRL_ATTR_MCAST_GROUPS:
        walkAttrs(m.buf, s, e, (_i, gs, ge) => {
          let name = '';
          let id = 0;
          walkAttrs(m.buf, gs, ge, (t, vs, ve) => {
            if (t === CTRL_ATTR_MCAST_GRP_NAME) name = readString(m.buf, vs, ve);
            else if (t === CTRL_ATTR_MCAST_GRP_ID) id = dv.getUint32(vs, true);
          });
          info.groups.set(name, id);
        });
        break;
    }
  });
  return info;
}

const resolvers = new WeakMap<Session, GenlResolver>();

export class GenlResolver {
  private readonly cache = new Map<string, Promise<GenlFamilyInfo>>();
  private watching?: AbortController;

  constructor(readonly session: Session) {}

  /** The resolver shared by everything that uses this session. */
  static for(session: Session): GenlResolver {
    let r = resolvers.get(session);
    if (!r) {
      r = new GenlResolver(session);
      resolvers.set(session, r);
    }
    return r;
  }

  /** Family info by name, from the cache or from nlctrl. */
  resolve(name: string, options: { signal?: AbortSignalLike } = {}): Promise<GenlFamilyInfo> {
    let p = this.cache.get(name);
    if (!p) {
      p = this.query(name, options);
      this.cache.set(name, p);
      p.catch(() => this.cache.delete(name));
    }
    return p;
  }

  private async query(name: string, options: { signal?: AbortSignalLike }): Promise<GenlFamilyInfo> {
    const b = new MessageBuilder(64);
    b.attr(CTRL_ATTR_FAMILY_NAME, stringBytes(name));
    try {
      const replies = await this.session.request(
        { type: GENL_ID_CTRL, body: genlBody(CTRL_CMD_GETFAMILY, 1, b.finish()) },
        { signal: options.signal, operation: `nlctrl getfamily ${name}` },
      );
      const reply = replies[0];
      if (!reply) throw new FamilyNotFoundError(name);
      return parseFamily(reply);
    } catch (err) {
      if (err instanceof NetlinkError && err.code === 'ENOENT') throw new FamilyNotFoundError(name, err);
      throw err;
    }
  }

  /** Forget one family (or all): the next use asks nlctrl again. */
  invalidate(name?: string): void {
    if (name === undefined) this.cache.clear();
    else this.cache.delete(name);
  }

  /** Every family the kernel has (CTRL_CMD_GETFAMILY dump). */
  async list(): Promise<GenlFamilyInfo[]> {
    const out: GenlFamilyInfo[] = [];
    for await (const m of this.session.dump({ type: GENL_ID_CTRL, body: genlBody(CTRL_CMD_GETFAMILY, 1) })) out.push(parseFamily(m));
    return out;
  }

  /**
   * Follows nlctrl's "notify" group so the cache drops a family the moment it is removed
   * (and a group list refreshes when groups change). Runs until stop() or session close.
   */
  watch(): Promise<void> {
    this.watchStart ??= this.startWatch().catch((err: unknown) => {
      this.watchStart = undefined;
      throw err;
    });
    return this.watchStart;
  }
  private watchStart?: Promise<void>;

  private async startWatch(): Promise<void> {
    const ctrl = await this.resolve('nlctrl');
    const group = ctrl.groups.get('notify');
    if (group === undefined) return;
    const mine = new AbortController();
    this.watching = mine;
    const sub = this.session.subscribe([group], { signal: mine.signal });
    void (async () => {
      try {
        for await (const { message } of sub) {
          if (message.type !== GENL_ID_CTRL || message.end - message.start < GENL_HDRLEN) continue;
          const cmd = message.buf[message.start]!;
          if (cmd === CTRL_CMD_DELFAMILY || cmd === CTRL_CMD_NEWMCAST_GRP || cmd === CTRL_CMD_DELMCAST_GRP || cmd === CTRL_CMD_NEWFAMILY) {
            const info = parseFamily(message);
            if (info.name) this.invalidate(info.name);
          }
        }
      } catch {
        // The watch ends with the session, an abort, or an overrun; entries then age out on use.
        if (!this.session.isClosed && !mine.signal.aborted) this.invalidate();
      }
      // A later watch() may have replaced this one already: only clear our own state.
      if (this.watching === mine) {
        this.watching = undefined;
        this.watchStart = undefined;
      }
    })();
  }

  stopWatching(): void {
    this.watching?.abort();
    this.watching = undefined;
    this.watchStart = undefined;
  }
}
