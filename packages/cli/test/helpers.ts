import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/nlkit.cjs', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real binary and waits for it. */
export function nlkit(args: string[], opts: { input?: string | Uint8Array; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...opts.env },
    cwd: REPO,
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the binary with its stdout on an open fd (a file, /dev/full), stderr captured. */
export function nlkitToFd(args: string[], stdoutFd: number): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', stdoutFd, 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    cwd: REPO,
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: '', stderr: r.stderr };
}

/** stderr holds exactly one line. */
export function oneLine(stderr: string): string {
  const lines = stderr.split('\n');
  if (lines.length !== 2 || lines[1] !== '') throw new Error(`expected one line on stderr, got ${lines.length - 1}: ${JSON.stringify(stderr.slice(0, 400))}`);
  return lines[0]!;
}

/** Starts the binary in the background; `ready(text)` resolves when stderr shows the text. */
export function nlkitBackground(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  const waiters: Array<() => void> = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of waiters.splice(0)) w();
  });
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
  return {
    child,
    done,
    ready: (text: string, timeoutMs = 15_000) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "${text}" on stderr: ${stderr}`)), timeoutMs);
        const check = () => {
          if (stderr.includes(text)) {
            clearTimeout(t);
            resolve();
          } else waiters.push(check);
        };
        check();
      }),
  };
}
