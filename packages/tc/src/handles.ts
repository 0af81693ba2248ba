/**
 * Handles and filter info as the uapi builds them (TC_H_* in linux/pkt_sched.h): the numbers that
 * go into tcm-handle, tcm-parent and tcm-info.
 */

/** The root of a device's egress tree (TC_H_ROOT). */
export const TC_H_ROOT = 0xffffffff;
/** Parent of the ingress and clsact qdiscs (TC_H_INGRESS, also TC_H_CLSACT). */
export const TC_H_INGRESS = 0xfffffff1;
/** Parent of the clsact qdisc (TC_H_CLSACT). */
export const TC_H_CLSACT = TC_H_INGRESS;
/** No handle: let the kernel choose (TC_H_UNSPEC). */
export const TC_H_UNSPEC = 0;
/** Minor of the ingress hook of ingress/clsact (TC_H_MIN_INGRESS). */
export const TC_H_MIN_INGRESS = 0xfff2;
/** Minor of the egress hook of clsact (TC_H_MIN_EGRESS). */
export const TC_H_MIN_EGRESS = 0xfff3;

/** `major:minor` as one handle (TC_H_MAKE); both are 16-bit numbers (tc writes them in hex). */
export function tcHandle(major: number, minor = 0): number {
  if (!isU16(major) || !isU16(minor)) throw new RangeError(`tc handle parts must be 0..0xffff, got ${major}:${minor}`);
  return ((major << 16) | minor) >>> 0;
}

/** The major and minor of a handle (TC_H_MAJ >> 16, TC_H_MIN). */
export function tcHandleParts(handle: number): { major: number; minor: number } {
  return { major: handle >>> 16, minor: handle & 0xffff };
}

/** A handle as tc prints it: `1:`, `1:10`, `ffff:fff1`. */
export function formatTcHandle(handle: number): string {
  const { major, minor } = tcHandleParts(handle);
  return `${major.toString(16)}:${minor ? minor.toString(16) : ''}`;
}

/** The parent of filters on a clsact (or ingress) qdisc's ingress or egress hook. */
export function clsactParent(hook: 'ingress' | 'egress'): number {
  return tcHandle(0xffff, hook === 'ingress' ? TC_H_MIN_INGRESS : TC_H_MIN_EGRESS);
}

/**
 * A filter's tcm-info: its priority in the upper 16 bits and its protocol, an ethertype
 * (0x0800 for IPv4, 0x0003 ETH_P_ALL), in network byte order in the lower 16.
 */
export function filterInfo(prio: number, protocol: number): number {
  if (!isU16(prio) || !isU16(protocol)) throw new RangeError(`filter prio and protocol must be 0..0xffff, got ${prio}, ${protocol}`);
  return tcHandle(prio, ((protocol & 0xff) << 8) | (protocol >>> 8));
}

/** The priority and protocol (an ethertype, host order) of a filter's tcm-info. */
export function filterInfoParts(info: number): { prio: number; protocol: number } {
  const low = info & 0xffff;
  return { prio: info >>> 16, protocol: ((low & 0xff) << 8) | (low >>> 8) };
}

function isU16(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xffff;
}
