/**
 * A kvstore server: the other half of the example protocol. One process runs it; any number
 * of KvstoreClient instances talk to it over NETLINK_USERSOCK by its port id.
 */
import { FamilyServer, NetlinkError, Session, type Decoded } from '@nlkit/core';
import { kvstoreRuntime } from './gen/kvstore.js';

const ENOENT = 2;

interface Entry {
  value: Decoded;
  version: number;
  owner: number;
}

export class KvstoreServer implements AsyncDisposable {
  private readonly entries = new Map<string, Entry>();
  private readonly server: FamilyServer;
  private readonly stop = new AbortController();
  readonly done: Promise<void>;

  private constructor(readonly session: Session) {
    this.server = new FamilyServer(kvstoreRuntime, session, {
      put: (req, ctx) => {
        const key = requireKey(req);
        const header = (req.header ?? {}) as { flags?: string[] };
        const existing = this.entries.get(key);
        if (existing && !header.flags?.includes('overwrite')) throw new NetlinkError(17, { message: `key "${key}" exists; set the overwrite flag to replace it` });
        const { header: _h, ...value } = req;
        const entry = { value, version: (existing?.version ?? 0) + 1, owner: ctx.sender };
        this.entries.set(key, entry);
        if (!header.flags?.includes('quiet')) this.server.publish('changed', this.toReply(key, entry), 'changes');
      },
      get: (req, ctx) => {
        if (ctx.mode === 'dump') return [...this.entries.keys()].sort().map((k) => this.toReply(k, this.entries.get(k)!));
        const key = requireKey(req);
        const entry = this.entries.get(key);
        if (!entry) throw new NetlinkError(ENOENT, { message: `no entry for key "${key}"` });
        return this.toReply(key, entry);
      },
      delete: (req) => {
        const key = requireKey(req);
        if (!this.entries.delete(key)) throw new NetlinkError(ENOENT, { message: `no entry for key "${key}"` });
        this.server.publish('changed', { header: { version: 1 }, key }, 'changes');
      },
    });
    this.done = this.server.serve({ signal: this.stop.signal });
  }

  /** Starts a server on its own NETLINK_USERSOCK socket; clients connect to `portId`. */
  static async start(): Promise<KvstoreServer> {
    return new KvstoreServer(await Session.open({ protocol: kvstoreRuntime.ir.protonum }));
  }

  get portId(): number {
    return this.session.portId;
  }

  private toReply(key: string, e: Entry): Decoded {
    return { header: { version: 1 }, ...e.value, key, version: e.version, owner: e.owner };
  }

  async close(): Promise<void> {
    this.stop.abort();
    await this.done;
    this.session.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function requireKey(req: Decoded): string {
  if (typeof req.key !== 'string' || req.key === '') throw new NetlinkError(22, { message: 'key is required' });
  return req.key;
}
