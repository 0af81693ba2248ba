
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
   * Calling it again replaces the callbacks.
   */
  startReading(
    onDatagrams: (datagrams: Uint8Array[], senderPortIds: number[]) => void,
    onError: (err: NetlinkSystemError) => void,
  ): void;
  /** Pauses the watcher (backpressure); startReading() resumes. */
  stopReading(): void;
  /** Idempotent: stops the watcher and closes the fd. */
  close(): void;
}

/** Opens a netlink socket; with options.netns a short-lived thread does setns()+socket(). */
export function openSocket(protocol: number, options?: OpenOptions): Promise<NetlinkSocket>;
/** Opens a netlink socket in the current network namespace. */
export function openSocketSync(protocol: number): NetlinkSocket;

export declare const constants: {
  readonly NETLINK_ROUTE: 0;
  readonly NETLINK_UNUSED: 1;
  readonly NETLINK_USERSOCK: 2;
  readonly NETLINK_FIREWALL: 3;
  readonly NETLINK_SOCK_DIAG: 4;
  readonly NETLINK_INET_DIAG: 4;
  readonly NETLINK_NFLOG: 5;
  readonly NETLINK_XFRM: 6;
  readonly NETLINK_SELINUX: 7;
  readonly NETLINK_ISCSI: 8;
  readonly NETLINK_AUDIT: 9;
  readonly NETLINK_FIB_LOOKUP: 10;
  readonly NETLINK_CONNECTOR: 11;
  readonly NETLINK_NETFILTER: 12;
  readonly NETLINK_IP6_FW: 13;
  readonly NETLINK_DNRTMSG: 14;
  readonly NETLINK_KOBJECT_UEVENT: 15;
  readonly NETLINK_GENERIC: 16;
  readonly NETLINK_SCSITRANSPORT: 18;
  readonly NETLINK_ECRYPTFS: 19;
  readonly NETLINK_RDMA: 20;
  readonly NETLINK_CRYPTO: 21;
  readonly NETLINK_SMC: 22;
  readonly SOL_NETLINK: 270;
  readonly NETLINK_ADD_MEMBERSHIP: 1;
  readonly NETLINK_DROP_MEMBERSHIP: 2;
  readonly NETLINK_PKTINFO: 3;
  readonly NETLINK_BROADCAST_ERROR: 4;
  readonly NETLINK_NO_ENOBUFS: 5;
  readonly NETLINK_LISTEN_ALL_NSID: 8;
  readonly NETLINK_LIST_MEMBERSHIPS: 9;
  readonly NETLINK_CAP_ACK: 10;
  readonly NETLINK_EXT_ACK: 11;
  readonly NETLINK_GET_STRICT_CHK: 12;
  readonly SOL_SOCKET: 1;
  readonly SO_SNDBUF: 7;
  readonly SO_RCVBUF: 8;
  readonly SO_SNDBUFFORCE: 32;
  readonly SO_RCVBUFFORCE: 33;
  readonly SO_PASSCRED: 16;
  readonly SO_ERROR: 4;
  readonly SO_PROTOCOL: 38;
};
