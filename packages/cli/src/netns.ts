/**
 * `--netns NAME|PATH`: opened here, without blocking, and checked before a socket is made in
 * it. A FIFO, a directory, a device or an ordinary file is refused up front (opening a FIFO
 * for reading would wait for a writer forever); an nsfs file of another kind (mnt, pid, ...)
 * is refused when setns(CLONE_NEWNET) says EINVAL. The socket is opened from the fd.
 */
import { closeSync, constants, fstatSync, openSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { RequestError } from './errors.js';

/** The path --netns names: a name under /run/netns, or a path (relative ones from the cwd). */
export function netnsPath(arg: string): string {
  if (arg === '' || arg === '.' || arg === '..' || arg.includes('\0')) throw new RequestError(`--netns: ${JSON.stringify(arg)} is not a namespace name or path`);
  return arg.includes('/') ? resolve(arg) : `/run/netns/${arg}`;
}

function kind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a file';
}

/** The device of the nsfs filesystem, where every namespace file lives (undefined without /proc). */
function nsfsDevice(): number | undefined {
  try {
    return statSync('/proc/self/ns/net').dev;
  } catch {
    return undefined;
  }
}

/** Opens the namespace file read-only and non-blocking; the caller closes the fd. */
export function openNetns(arg: string): number {
  const path = netnsPath(arg);
  const refuse = (why: string): never => {
    throw new RequestError(`--netns ${arg}: ${why}`);
  };
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? `no such network namespace (${path} does not exist)` : (err as Error).message);
  }
  // Namespace files are regular files on nsfs; anything else is refused before it is opened.
  if (!st.isFile()) refuse(`${path} is ${kind(st)}, not a network namespace`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    return refuse((err as Error).message);
  }
  try {
    // Checked again on the fd: the path may have been swapped since the stat.
    const fst = fstatSync(fd);
    const nsfs = nsfsDevice();
    if (!fst.isFile() || (nsfs !== undefined && fst.dev !== nsfs)) refuse(`${path} is ${kind(fst)}, not a network namespace`);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * Runs `open` with the namespace fd (or without one when no --netns was given) and closes the
 * fd after. setns() refusing the fd with EINVAL means it is some other kind of namespace.
 */
export async function inNetns<T>(arg: string | undefined, open: (netns: number | undefined) => Promise<T>): Promise<T> {
  if (arg === undefined) return open(undefined);
  const fd = openNetns(arg);
  try {
    return await open(fd);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e?.syscall === 'setns' && e.code === 'EINVAL') throw new RequestError(`--netns ${arg}: ${netnsPath(arg)} is a namespace, but not a network namespace`);
    throw err;
  } finally {
    closeSync(fd);
  }
}
