
export interface OpenOptions {
  /** A name under /run/netns, an absolute path (e.g. /proc/PID/ns/net) or an open fd of a netns. */
  netns?: string | number;
}

/**
 * A node-style system error: `code` ('EPERM'), `errno` (positive) and `syscall` ('bind').
 * Message: "bind EPERM: Operation not permitted". Netns opening errors also carry `path`.
 */
export interface NetlinkSystemError extends Error {
  code: string;
  errno: number;
  syscall: string;
  path?: string;
}

export interface NetlinkSocket {
  /** The socket's fd; -1 after close(). */
  readonly fd: number;
  readonly protocol: number;
  /** Batches read on libuv's thread pool so far (see startReading): diagnostics. */
  readonly pooledReads: number;
  /** bind() with a sockaddr_nl; portId 0 lets the kernel assign one. */
  bind(portId?: number, groups?: number): void;
  getsockname(): { portId: number; groups: number };
  /** int setsockopt(). */
  setOption(level: number, name: number, value: number): void;
  /** int getsockopt(). */
  getOption(level: number, name: number): number;
  /** setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group). */
  addMembership(group: number): void;
  /** setsockopt(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group). */
  dropMembership(group: number): void;
  /**
   * sendmsg() with one iovec per buffer to (portId, groups) — default 0/0, the kernel —
   * with MSG_DONTWAIT. Returns the bytes sent; EAGAIN and every other error throw.
   */
  send(data: Uint8Array | Uint8Array[], portId?: number, groups?: number): number;
  /**
   * Starts (or resumes) the uv_poll watcher. Each readiness drains up to 256 datagrams
   * or about 1 MiB and hands them over in one call; each datagram is a Node Buffer (typed
   * here as its base, Uint8Array, so the types need no @types/node) holding one whole datagram
   * (on a socket with a full-size receive buffer, views of one ArrayBuffer per batch);
   * senderPortIds[i] is the sender of datagrams[i] (0 = kernel). Receive-queue overruns
   * arrive at onError as code 'ENOBUFS' and reading goes on; a fatal error (EBADF, ...)
   * pauses reading after onError. While reading, the socket keeps the process alive.
   * When a batch fills before the socket is empty (a large dump), the next batch is read on
   * libuv's thread pool while this callback runs, so the kernel builds the next datagrams on
   * another core; batches still arrive one at a time, in order. Calling it again replaces
   * the callbacks.
   */
  startReading(
    onDatagrams: (datagrams: Uint8Array[], senderPortIds: number[]) => void,
    onError: (err: NetlinkSystemError) => void,
  ): void;
  /** Pauses the watcher (backpressure); startReading() resumes. A batch already being read on the thread pool still arrives. */
  stopReading(): void;
  /** Idempotent: stops the watcher and closes the fd. */
  close(): void;
}

/** Opens a netlink socket; with options.netns a short-lived thread does setns()+socket(). */
export function openSocket(protocol: number, options?: OpenOptions): Promise<NetlinkSocket>;
/** Opens a netlink socket in the current network namespace. */
export function openSocketSync(protocol: number): NetlinkSocket;

/**
 * Names of the socket-level numbers the addon reads from the C headers (linux/netlink.h,
 * sys/socket.h) at build time; their values exist only there, so they cannot drift.
 */
export type NativeConstantName =
  | 'NETLINK_ROUTE' | 'NETLINK_UNUSED' | 'NETLINK_USERSOCK' | 'NETLINK_FIREWALL'
  | 'NETLINK_SOCK_DIAG' | 'NETLINK_INET_DIAG' | 'NETLINK_NFLOG' | 'NETLINK_XFRM'
  | 'NETLINK_SELINUX' | 'NETLINK_ISCSI' | 'NETLINK_AUDIT' | 'NETLINK_FIB_LOOKUP'
  | 'NETLINK_CONNECTOR' | 'NETLINK_NETFILTER' | 'NETLINK_IP6_FW' | 'NETLINK_DNRTMSG'
  | 'NETLINK_KOBJECT_UEVENT' | 'NETLINK_GENERIC' | 'NETLINK_SCSITRANSPORT' | 'NETLINK_ECRYPTFS'
  | 'NETLINK_RDMA' | 'NETLINK_CRYPTO' | 'NETLINK_SMC' | 'SOL_NETLINK' | 'NETLINK_ADD_MEMBERSHIP'
  | 'NETLINK_DROP_MEMBERSHIP' | 'NETLINK_PKTINFO' | 'NETLINK_BROADCAST_ERROR'
  | 'NETLINK_NO_ENOBUFS' | 'NETLINK_LISTEN_ALL_NSID' | 'NETLINK_LIST_MEMBERSHIPS'
  | 'NETLINK_CAP_ACK' | 'NETLINK_EXT_ACK' | 'NETLINK_GET_STRICT_CHK' | 'SOL_SOCKET' | 'SO_SNDBUF'
  | 'SO_RCVBUF' | 'SO_SNDBUFFORCE' | 'SO_RCVBUFFORCE' | 'SO_PASSCRED' | 'SO_ERROR' | 'SO_PROTOCOL';

/**
 * The syscall layer's own constants, straight from the uapi headers, for callers of this
 * package's socket API (setOption/getOption levels and names, protocol numbers). @nlkit/core
 * owns the netlink protocol constants TypeScript code uses (`@nlkit/core` and
 * `@nlkit/core/wire`); a core test checks its numbers against these.
 */
export declare const constants: Readonly<Record<NativeConstantName, number>>;
