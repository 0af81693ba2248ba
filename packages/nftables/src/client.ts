/** The nftables client with transactions: the generated client plus a batch channel. */
import { BatchChannel } from '@nlkit/core/netfilter';
import { FamilyClient, FamilyRuntime, type AbortSignalLike, type ClientOptions, type Decoded } from '@nlkit/core';
import { NftablesClient, nftablesRuntime, type NftablesNotification } from './gen/nftables.js';
import { NftTransaction } from './transaction.js';

/**
 * Client options. Transactions use a socket of their own, opened in `netns` (or the current
 * namespace): with a shared `session` from another namespace, pass its `netns` too.
 */
export interface NftablesOptions extends ClientOptions {
  /** Send transactions on this channel instead of opening one (tests pass a memory transport). */
  batch?: BatchChannel;
}

export interface TransactionOptions {
  /**
   * Commit only if the ruleset generation is still this one (read it with `generation()`);
   * otherwise the kernel refuses the batch with ERESTART and nothing changes.
   */
  generation?: number;
  /** Have the kernel ack every message (NLM_F_ACK); errors are reported without it too. */
  acks?: boolean;
  signal?: AbortSignalLike;
  timeoutMs?: number;
}

export interface TransactionResult {
  /** Number of messages committed. */
  size: number;
  /** The generation this commit made (absent for an empty transaction). */
  generation?: number;
  /** What the kernel sent back for messages added with `echo`, decoded, by message index. */
  replies: Array<Array<{ name: string; value: Decoded }>>;
}

export class Nftables extends NftablesClient {
  private channel?: Promise<BatchChannel>;
  private netns?: string | number;
  private ownsChannel = false;

  /** Opens a client (its own socket, or `options.session`); transactions get a socket of their own on first use. */
  static override open(options?: NftablesOptions): Promise<Nftables>;
  static override open(runtime: FamilyRuntime, options?: ClientOptions): Promise<FamilyClient>;
  static override async open(first: NftablesOptions | FamilyRuntime = {}, options: ClientOptions = {}): Promise<Nftables | FamilyClient> {
    if (first instanceof FamilyRuntime) return FamilyClient.open(first, options);
    const { session, owned } = await FamilyClient.sessionFor(nftablesRuntime, first);
    const client = new Nftables(nftablesRuntime, session, owned);
    client.netns = first.netns;
    if (first.batch) client.channel = Promise.resolve(first.batch);
    return client;
  }

  /** The current ruleset generation id; every commit increments it. */
  async generation(options: { signal?: AbortSignalLike } = {}): Promise<number> {
    const reply = await this.getgen({}, options);
    return reply.id ?? 0;
  }

  /**
   * Builds a transaction with `build` and sends it as one batch: the kernel applies every
   * message or none. A refusal rejects with BatchError, whose `index` and `operation` name the
   * first failed message and whose `extack.attributePath` names the attribute it objected to.
   */
  async transaction(build: (tx: NftTransaction) => void | Promise<void>, options: TransactionOptions = {}): Promise<TransactionResult> {
    const tx = new NftTransaction();
    await build(tx);
    return this.commit(tx, options);
  }

  /** Sends a transaction built beforehand. */
  async commit(tx: NftTransaction, options: TransactionOptions = {}): Promise<TransactionResult> {
    const channel = await this.batchChannel();
    const result = await channel.commit(tx.messages, { ...options, subsystem: 10 });
    const replies = result.replies.map((list) => list.flatMap((m) => {
      const op = this.runtime.classify(m);
      return op ? [{ name: op.name, value: this.runtime.decodeMessage(op, m) }] : [];
    }));
    return { size: tx.size, generation: result.generation, replies };
  }

  private batchChannel(): Promise<BatchChannel> {
    if (!this.channel) {
      this.ownsChannel = true;
      this.channel = BatchChannel.open(this.netns !== undefined ? { netns: this.netns } : {});
      this.channel.catch(() => { this.channel = undefined; });
    }
    return this.channel;
  }

  override close(): void {
    super.close();
    if (this.ownsChannel) this.channel?.then((c) => c.close(), () => {});
  }
}

export type { NftablesNotification };
