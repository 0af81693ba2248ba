/** The real transport: an AF_NETLINK socket from @nlkit/native. Core imports native only here. */
import type { Transport, TransportOptions } from './types.js';

type NativeModule = typeof import('@nlkit/native');
type NativeSocket = Awaited<ReturnType<NativeModule['openSocket']>>;

let nativeModule: Promise<NativeModule> | undefined;
function loadNative(): Promise<NativeModule> {
  nativeModule ??= import('@nlkit/native');
  return nativeModule;
}

export class NativeTransport implements Transport {
  /** The port id, read once after bind(): it never changes for a bound socket. */
  private readonly boundPortId: number;

  private constructor(private readonly sock: NativeSocket, readonly protocol: number) {
    this.boundPortId = sock.getsockname().portId;
  }

  static async open(protocol: number, options: TransportOptions = {}): Promise<NativeTransport> {
    const native = await loadNative();
    const sock = await native.openSocket(protocol, options.netns !== undefined ? { netns: options.netns } : {});
    try {
      sock.bind(options.portId ?? 0, options.groups ?? 0);
    } catch (err) {
      sock.close();
      throw err;
    }
    return new NativeTransport(sock, protocol);
  }

  get portId(): number {
    return this.sock.fd < 0 ? 0 : this.boundPortId;
  }

  get fd(): number {
    return this.sock.fd;
  }

  send(data: Uint8Array | Uint8Array[], portId = 0, groups = 0): void {
    try {
      this.sock.send(data, portId, groups);
    } catch (err) {
      // A multicast-only send on a protocol without a kernel socket (NETLINK_USERSOCK) reaches
      // the group, then fails the unicast leg to port 0 with ECONNREFUSED: the send did happen.
      if (groups !== 0 && portId === 0 && (err as NodeJS.ErrnoException).code === 'ECONNREFUSED') return;
      throw err;
    }
  }

  start(onDatagrams: (d: Uint8Array[], senders: number[]) => void, onError: (e: Error) => void): void {
    this.sock.startReading(onDatagrams, onError);
    this.onDatagrams = onDatagrams;
    this.onError = onError;
  }

  private onDatagrams?: (d: Uint8Array[], senders: number[]) => void;
  private onError?: (e: Error) => void;

  pause(): void {
    this.sock.stopReading();
  }

  resume(): void {
    if (this.onDatagrams && this.onError && this.sock.fd >= 0) this.sock.startReading(this.onDatagrams, this.onError);
  }

  addMembership(group: number): void {
    this.sock.addMembership(group);
  }

  dropMembership(group: number): void {
    this.sock.dropMembership(group);
  }

  setOption(level: number, name: number, value: number): void {
    this.sock.setOption(level, name, value);
  }

  getOption(level: number, name: number): number {
    return this.sock.getOption(level, name);
  }

  close(): void {
    this.sock.close();
  }
}
