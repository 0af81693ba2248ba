/**
 * Kernel-test helpers. Every kernel test runs in a throwaway network namespace it creates and
 * deletes. Without root, kernel tests fail under CI=true and skip elsewhere, with the reason
 * in the test's title.
 */
import { execFileSync, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { it, describe } from 'vitest';

const execFileP = promisify(execFile);

export const inCI = process.env.CI === 'true';

function probeKernelAccess(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN to create network namespaces)';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'needs iproute2 (`ip`)';
  }
  return undefined;
}

/** Why kernel tests cannot run here, or undefined when they can. */
export const kernelUnavailable = probeKernelAccess();

/**
 * `it` for kernel tests: runs when the kernel is usable; under CI a missing privilege is a
 * failure; elsewhere the test is skipped and its title says why.
 */
export function kernelIt(name: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (!kernelUnavailable) {
    it(name, fn, timeout);
  } else if (inCI) {
    it(name, () => {
      throw new Error(`kernel test cannot run under CI: ${kernelUnavailable}`);
    });
  } else {
    it.skip(`${name} [skipped: ${kernelUnavailable}]`, fn);
  }
}

/** `describe` whose kernel tests follow the same rule. */
export function describeKernel(name: string, fn: () => void): void {
  describe(kernelUnavailable && !inCI ? `${name} [skipped: ${kernelUnavailable}]` : name, fn);
}

/** Runs a command; returns stdout. Throws with stderr on failure. */
export function sh(cmd: string, args: string[], options: { input?: string } = {}): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', input: options.input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

export async function shAsync(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileP(cmd, args, { encoding: 'utf8', maxBuffer: 512 << 20 });
  return stdout;
}

/** `ip -n NS ...` */
export function ip(ns: string, ...args: string[]): string {
  return sh('ip', ['-n', ns, ...args]);
}

/** `ip -j -n NS ...` parsed. */
export function ipJson<T = any>(ns: string, ...args: string[]): T {
  const out = sh('ip', ['-j', '-n', ns, ...args]);
  return (out.trim() ? JSON.parse(out) : []) as T;
}

/** `tc -j -n NS ...` parsed. */
export function tcJson<T = any>(ns: string, ...args: string[]): T {
  const out = sh('tc', ['-j', '-n', ns, ...args]);
  return (out.trim() ? JSON.parse(out) : []) as T;
}

/** A fresh network namespace name, unique to this process. */
export function netnsName(tag = 't'): string {
  return `nlkit-${tag}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export interface Netns {
  name: string;
  path: string;
  /** Runs `ip -n NAME ...`. */
  ip(...args: string[]): string;
  ipJson<T = any>(...args: string[]): T;
  /** Runs a command inside the namespace (`ip netns exec`). */
  exec(cmd: string, ...args: string[]): string;
  delete(): void;
}

/** Creates a throwaway namespace with loopback up. Call delete() (or use withNetns). */
export function createNetns(tag = 't'): Netns {
  const name = netnsName(tag);
  sh('ip', ['netns', 'add', name]);
  sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
  return {
    name,
    path: `/run/netns/${name}`,
    ip: (...args) => ip(name, ...args),
    ipJson: (...args) => ipJson(name, ...args),
    exec: (cmd, ...args) => sh('ip', ['netns', 'exec', name, cmd, ...args]),
    delete: () => {
      try {
        sh('ip', ['netns', 'del', name]);
      } catch {
        /* already gone */
      }
    },
  };
}

/** Runs fn with a throwaway namespace, deleting it afterwards whatever happens. */
export async function withNetns<T>(fn: (ns: Netns) => Promise<T> | T, tag = 't'): Promise<T> {
  const ns = createNetns(tag);
  try {
    return await fn(ns);
  } finally {
    ns.delete();
  }
}

/** Polls until fn returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The error `fn` throws, which must be a `type`; anything else (or nothing thrown) fails the test. */
export function thrown<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw new Error(`expected a ${type.name}, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}

export { fuzzBytes, mutate, Rng } from './fuzz.js';
export { IrArbitraries, intArb, requestPart, newStats, oracle, isDecodeError, type GenOptions, type OracleStats } from './arbitraries.js';
