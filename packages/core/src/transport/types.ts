/** What the session needs from a socket. Implemented over the native addon and in memory. */
export interface Transport {
  readonly protocol: number;
  /** The port id the socket is bound to (0 until bound). */
  readonly portId: number;
  /**
   * Sends one datagram made of the given buffers, to the kernel (0) or to a user-space port,
   * and to the multicast groups in the `groups` bitmask.
   */
  send(data: Uint8Array | Uint8Array[], portId?: number, groups?: number): void;
  /** Begins delivering datagrams; errors such as ENOBUFS go to onError and reading continues. */
  start(onDatagrams: (datagrams: Uint8Array[], senders: number[]) => void, onError: (err: Error) => void): void;
  /** Backpressure: stop reading from the socket until resume(). */
  pause(): void;
  resume(): void;
  addMembership(group: number): void;
  dropMembership(group: number): void;
  /** Integer socket option; failures throw Node-style errors. */
  setOption(level: number, name: number, value: number): void;
  /** Integer socket option, where the transport has a socket (flow control reads SO_RCVBUF). */
  getOption?(level: number, name: number): number;
  close(): void;
}

export interface TransportOptions {
  /** Network namespace: a name under /run/netns, an absolute path, or an open fd. */
  netns?: string | number;
  /** Port id to bind; 0 lets the kernel choose. */
  portId?: number;
  /** Legacy multicast group bitmask for bind(). */
  groups?: number;
}
