/**
 * The client every family shares: generated clients subclass it with typed methods, and the
 * CLI uses it directly with plain objects.
 */
import type { Decoded } from '../codec/struct.js';
import type { FamilyRuntime } from '../codec/runtime.js';
import {
  assumeShape, type DoOp, type DoReply, type DoRequest, type DumpOp, type DumpReply, type DumpRequest, type FamilyTypes,
  type NotificationOf, type TypedRuntime, type UntypedFamily,
} from './typed.js';
import { Session, type CallOptions, type DumpOptions, type RequestOptions } from '../session/session.js';
import type { AsyncQueue } from '../session/queue.js';
import { GenlResolver } from '../genl/resolver.js';
import {
  NETLINK_GENERIC, NLM_F_APPEND, NLM_F_ATOMIC, NLM_F_BULK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_NONREC, NLM_F_REPLACE,
} from '../wire/constants.js';
import type { NlMessage } from '../wire/header.js';
import type { AbortSignalLike } from '../platform.js';
import { NetlinkError } from '../errors.js';
import { normalizeRequest } from './spelling.js';
import { hintFor } from './hints.js';

export interface ClientOptions {
  /** Share an existing session (same protocol) instead of opening a socket. */
  session?: Session;
  /** Open the socket inside this network namespace: a name under /run/netns, a path, or an fd. */
  netns?: string | number;
  /** Default timeout for each call, in ms. */
  timeoutMs?: number;
  /** SO_RCVBUF for a new socket. */
  receiveBuffer?: number;
  /** Port id of a user-space server to send requests to (user-space protocols); 0 = the kernel. */
  peer?: number;
}

export type RequestFlag = 'create' | 'excl' | 'replace' | 'append' | 'echo' | 'nonrec' | 'bulk' | 'atomic';

const FLAG_BITS: Record<RequestFlag, number> = {
  create: NLM_F_CREATE, excl: NLM_F_EXCL, replace: NLM_F_REPLACE, append: NLM_F_APPEND,
  echo: NLM_F_ECHO, nonrec: NLM_F_NONREC, bulk: NLM_F_BULK, atomic: NLM_F_ATOMIC,
};

export interface OpOptions extends CallOptions {
  /** Extra nlmsghdr flags: names or a number, e.g. ['create', 'excl'] to make something new. */
  flags?: readonly RequestFlag[] | number;
  /** Dumps only: run again when the kernel reports NLM_F_DUMP_INTR (then the dump is collected before it is yielded). */
  retries?: number;
}

export type { Notification } from './typed.js';

/** A dump on its way: streamed replies, or (with retries) all of them; errors get hints. */
interface OpenedDump {
  source?: AsyncQueue<NlMessage>;
  collected?: NlMessage[];
  hinted: (err: unknown) => never;
}

/** Flags that make a request change state even when its name says get. */
const MUTATING_FLAGS = NLM_F_CREATE | NLM_F_EXCL | NLM_F_REPLACE | NLM_F_APPEND;

/**
 * Whether an operation only reads, judged by its name (getlink, linkinfo-get, get-addr,
 * getfamily, list-...): such requests may be sent again when an overrun loses their answer.
 */
export function isReadOnlyOp(name: string): boolean {
  return /^(get|list|dump)|[-_](get|list|dump)([-_]|$)/.test(name);
}

function flagBits(flags: OpOptions['flags']): number {
  if (flags === undefined) return 0;
  if (typeof flags === 'number') return flags;
  return flags.reduce((n, f) => n | (FLAG_BITS[f] ?? 0), 0);
}

/**
 * A client of one family. `T` describes the family's operations (generated packages pass their
 * `<Family>Types`); without it requests and replies are plain objects.
 */
export class FamilyClient<T extends FamilyTypes = UntypedFamily> implements AsyncDisposable {
  constructor(
    readonly runtime: TypedRuntime<T>,
    readonly session: Session,
    private readonly ownsSession = false,
  ) {
    this.eitherSpelling = new.target === FamilyClient;
  }

  /**
   * Whether requests may spell names either way (`rtm-family` or `rtmFamily`) and give header
   * members at the top level: true for the generic client; generated clients take the camelCase
   * shape their types describe as it is, with no walk over each request.
   */
  protected readonly eitherSpelling: boolean;

  /** The request in the codec's shape (spelling.ts). */
  private prepare(opName: string, mode: 'do' | 'dump', request: unknown): unknown {
    return this.eitherSpelling ? normalizeRequest(this.runtime, opName, mode, request) : request;
  }

  /** Opens (or borrows) the session a client of `runtime` needs. */
  static async sessionFor(runtime: FamilyRuntime, options: ClientOptions = {}): Promise<{ session: Session; owned: boolean }> {
    if (options.session) {
      if (options.session.transport.protocol !== runtime.ir.protonum) {
        throw new Error(`${runtime.name} needs a protocol ${runtime.ir.protonum} session; this one is protocol ${options.session.transport.protocol}`);
      }
      return { session: options.session, owned: false };
    }
    const session = await Session.open({
      protocol: runtime.ir.protonum,
      netns: options.netns,
      timeoutMs: options.timeoutMs,
      receiveBuffer: options.receiveBuffer,
      peer: options.peer,
    });
    return { session, owned: true };
  }

  /** A client on its own session (or a shared one). */
  static async open(runtime: FamilyRuntime, options: ClientOptions = {}): Promise<FamilyClient> {
    const { session, owned } = await FamilyClient.sessionFor(runtime, options);
    return new FamilyClient(runtime, session, owned);
  }

  /** The genetlink family id (resolved through nlctrl and cached); 0 for netlink-raw. */
  async familyId(signal?: AbortSignalLike): Promise<number> {
    if (!this.runtime.isGenl) return 0;
    const resolver = GenlResolver.for(this.session);
    const info = await resolver.resolve(this.runtime.name, { signal });
    // Follow nlctrl from now on, so a family that goes away (module unloaded) is dropped from
    // the cache and resolved afresh. Best effort: a session that cannot join nlctrl's group
    // still works, it just keeps ids until invalidate().
    if (this.watchFamilies) resolver.watch().catch(() => {});
    return info.id;
  }

  /** Whether genetlink clients follow nlctrl to drop families that go away (default true). */
  watchFamilies = true;

  /** Multicast group id by the schema's group name. */
  async groupId(name: string): Promise<number> {
    const g = this.runtime.ir.mcastGroups.find((x) => x.name === name);
    if (!g) throw new Error(`${this.runtime.name} has no multicast group "${name}" (known: ${this.runtime.ir.mcastGroups.map((x) => x.name).join(', ')})`);
    if (!this.runtime.isGenl || this.runtime.ir.protonum !== NETLINK_GENERIC) {
      if (g.value === undefined) throw new Error(`${this.runtime.name}: group ${name} has no number`);
      return g.value;
    }
    const info = await GenlResolver.for(this.session).resolve(this.runtime.name);
    const id = info.groups.get(name);
    if (id === undefined) throw new Error(`${this.runtime.name}: the kernel has no multicast group "${name}" (it has: ${[...info.groups.keys()].join(', ')})`);
    return id;
  }

  /** A `do` request: resolves with the decoded reply, or undefined when the op only acks. */
  async doRequest<K extends DoOp<T>>(opName: K, request: DoRequest<T, K>, options: OpOptions = {}): Promise<DoReply<T, K>> {
    const op = this.runtime.op(opName);
    const req = this.prepare(opName, 'do', request);
    const msg = this.runtime.encodeRequest(opName, 'do', req, await this.familyId(options.signal));
    const flags = (msg.flags = flagBits(options.flags));
    const replies = await this.session.request(msg, this.doOptions(opName, op, flags, options)).catch((err: unknown) => {
      throw this.withHint(err, opName, flags, req);
    });
    const first = replies[0];
    return assumeShape(first ? this.runtime.decodeMessage(op, first) : undefined);
  }

  /** A NetlinkError gets a hint when a rule for classic mistakes fits (hints.ts). */
  private withHint(err: unknown, opName: string, flags: number, request: unknown): unknown {
    if (err instanceof NetlinkError && err.hint === undefined) {
      const hint = hintFor({ family: this.runtime.name, op: opName, flags, request, code: err.code });
      if (hint !== undefined) err.hint = hint;
    }
    return err;
  }

  /** Session options for `do` requests of `opName` sent with nlmsghdr `flags`. */
  private doOptions(opName: string, op: ReturnType<FamilyRuntime['op']>, flags: number, options: OpOptions): RequestOptions {
    return {
      readOnly: isReadOnlyOp(opName) && (flags & MUTATING_FLAGS) === 0,
      ...options,
      expectReply: op.do?.reply !== undefined || (flags & NLM_F_ECHO) !== 0,
      namer: this.runtime.namer(opName),
      operation: options.operation ?? `${this.runtime.name} ${opName}`,
    };
  }

  /**
   * Many `do` requests of one operation, pipelined: all are encoded and validated first (one
   * bad value rejects the call and nothing is sent), then they leave in as few datagrams as the
   * session's window allows. The kernel handles each on its own (a batch is not atomic), so
   * the result has one settled outcome per request, in order: the decoded reply (or undefined
   * when the op only acks), or the error that request got.
   */
  async doBatch<K extends DoOp<T>>(opName: K, requests: ReadonlyArray<DoRequest<T, K>>, options: OpOptions = {}): Promise<Array<PromiseSettledResult<DoReply<T, K>>>> {
    const op = this.runtime.op(opName);
    const familyId = await this.familyId(options.signal);
    const flags = flagBits(options.flags);
    const reqs = requests.map((request) => this.prepare(opName, 'do', request));
    const msgs = reqs.map((request) => {
      const msg = this.runtime.encodeRequest(opName, 'do', request, familyId);
      msg.flags = flags;
      return msg;
    });
    const replies = this.session.requestBatch(msgs, this.doOptions(opName, op, flags, options));
    return Promise.allSettled(replies.map((p, i) => p.then(
      (r) => assumeShape<DoReply<T, K>>(r[0] ? this.runtime.decodeMessage(op, r[0]) : undefined),
      (err: unknown) => { throw this.withHint(err, opName, flags, reqs[i]); },
    )));
  }

  /**
   * A `dump` request, streamed: each reply is decoded as it arrives. The iterator takes queued
   * messages synchronously (one resolved promise per item, no generator machinery): dumps of
   * a million messages are a hot path.
   */
  dumpRequest<K extends DumpOp<T>>(opName: K, request?: DumpRequest<T, K>, options: OpOptions = {}): AsyncGenerator<DumpReply<T, K>> {
    const op = this.runtime.op(opName);
    const runtime = this.runtime;
    let d: OpenedDump | undefined;
    let starting: Promise<void> | undefined;
    let index = 0;
    const open = () => this.openDump(opName, request, options);
    const done: IteratorResult<Decoded> = { done: true, value: undefined };
    // A message that does not decode ends this dump with its DecodeError; the session drains
    // the rest and keeps serving (for-await does not call return() when next() rejects).
    const decode = (m: NlMessage): IteratorResult<Decoded> => {
      try {
        return { done: false, value: runtime.decodeMessage(op, m) };
      } catch (err) {
        void d?.source?.return();
        d!.collected = [];
        throw err;
      }
    };
    const it = {
      next(): Promise<IteratorResult<Decoded>> {
        if (!d) {
          starting ??= open().then((opened) => { d = opened; });
          return starting.then(() => it.next());
        }
        const { source, collected } = d;
        if (source && !collected) {
          try {
            if (source.hasItem) return Promise.resolve(decode(source.shift()));
          } catch (err) {
            return Promise.reject(err);
          }
          return source.next().then((r) => (r.done ? done : decode(r.value)), d.hinted);
        }
        try {
          return Promise.resolve(collected && index < collected.length ? decode(collected[index++]!) : done);
        } catch (err) {
          return Promise.reject(err);
        }
      },
      async return(): Promise<IteratorResult<Decoded>> {
        if (starting) await starting.catch(() => {});
        await d?.source?.return();
        if (d) d.collected = [];
        return done;
      },
      async throw(err: unknown): Promise<IteratorResult<Decoded>> {
        await it.return();
        throw err;
      },
      [Symbol.asyncIterator]() {
        return it;
      },
    };
    // The iterator has every AsyncGenerator method a caller uses; it is not a generator object.
    return assumeShape<AsyncGenerator<DumpReply<T, K>>>(it);
  }

  /**
   * A `dump` request's replies undecoded, in batches: each step yields every message that has
   * arrived by then (at least one), in order. For consumers that turn messages into something
   * else themselves, such as the CLI writing JSON text straight from the bytes: no promise per
   * message, no decoded object in between.
   */
  dumpBatches(opName: DumpOp<T>, request?: DumpRequest<T, DumpOp<T>>, options: OpOptions = {}): AsyncIterableIterator<NlMessage[]> {
    let opened: Promise<OpenedDump> | undefined;
    const done: IteratorResult<NlMessage[]> = { done: true, value: undefined };
    const it: AsyncIterableIterator<NlMessage[]> = {
      next: async () => {
        const d = await (opened ??= this.openDump(opName, request, options));
        if (d.collected) {
          const batch = d.collected;
          d.collected = [];
          return batch.length ? { done: false, value: batch } : done;
        }
        const source = d.source!;
        const r = await source.next().catch(d.hinted);
        if (r.done) return done;
        const batch = [r.value];
        while (source.hasItem) batch.push(source.shift());
        return { done: false, value: batch };
      },
      return: async () => {
        const d = await opened?.catch(() => undefined);
        await d?.source?.return();
        if (d) d.collected = [];
        return done;
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }

  /**
   * Sends a dump request: its replies stream from `source`, or, with `retries` (a dump the
   * kernel interrupted is run again), arrive whole in `collected`.
   */
  private async openDump(opName: string, request: unknown, options: OpOptions): Promise<OpenedDump> {
    const req = this.prepare(opName, 'dump', request ?? {});
    const hinted = (err: unknown): never => {
      throw this.withHint(err, opName, flagBits(options.flags), req);
    };
    const runtime = this.runtime;
    const msg = runtime.encodeRequest(opName, 'dump', req, await this.familyId(options.signal));
    msg.flags = flagBits(options.flags);
    const dumpOptions: DumpOptions = {
      ...options,
      namer: runtime.namer(opName),
      operation: options.operation ?? `${runtime.name} ${opName} dump`,
    };
    if ((options.retries ?? 0) > 0) return { collected: await this.session.dumpAll(msg, dumpOptions).catch(hinted), hinted };
    return { source: this.session.dump(msg, dumpOptions) as AsyncQueue<NlMessage>, hinted };
  }

  /**
   * Notifications from the given multicast groups (by schema name; default: all of the
   * family's groups), decoded and named by operation. ENOBUFS is thrown as OverrunError;
   * iterating again continues.
   */
  notifications(groups?: string[], options: { signal?: AbortSignalLike } = {}): AsyncIterableIterator<NotificationOf<T>> {
    const names = groups ?? this.runtime.ir.mcastGroups.map((g) => g.name);
    return this.notificationStream(names, options);
  }

  private notificationStream(names: string[], options: { signal?: AbortSignalLike }): AsyncIterableIterator<NotificationOf<T>> {
    let inner: AsyncIterableIterator<{ message: NlMessage; sender: number }> | undefined;
    let familyId = 0;
    const ready = (async () => {
      const ids = await Promise.all(names.map((n) => this.groupId(n)));
      familyId = await this.familyId();
      inner = this.session.subscribe(ids, options);
    })();
    const self = this;
    const it: AsyncIterableIterator<NotificationOf<T>> = {
      async next(): Promise<IteratorResult<NotificationOf<T>>> {
        await ready;
        for (;;) {
          const r = await inner!.next();
          if (r.done) return { done: true, value: undefined };
          const n = self.toNotification(r.value.message, familyId);
          if (n) return { done: false, value: n };
        }
      },
      async return(): Promise<IteratorResult<NotificationOf<T>>> {
        await ready.catch(() => {});
        await inner?.return?.();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() { return it; },
    };
    return it;
  }

  /** Names and decodes one unsolicited message; undefined when it is not this family's. */
  toNotification(m: NlMessage, familyId = 0): NotificationOf<T> | undefined {
    if (this.runtime.isGenl && m.type !== familyId) return undefined;
    const op = this.runtime.classify(m);
    if (!op) return undefined;
    return assumeShape({ name: op.name, value: this.runtime.decodeMessage(op, m), type: m.type, flags: m.flags, seq: m.seq, portId: m.portId });
  }

  /** Closes the session if this client opened it. */
  close(): void {
    if (this.ownsSession) this.session.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}

