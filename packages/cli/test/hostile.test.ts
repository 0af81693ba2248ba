/**
 * The nlkit binary fed odd input, without the kernel: every bad input exits 2 with one line on
 * stderr naming what is wrong, before anything is sent; output errors end quietly.
 */
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, REPO, nlkit, nlkitToFd, oneLine } from './helpers.js';

function inTmp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'nlkit-hostile-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs nlkit, expects exit 2 and one stderr line, and returns that line. */
function refused(args: string[], input?: string): string {
  const r = nlkit(args, { input });
  expect(r.stdout, args.join(' ').slice(0, 200)).toBe('');
  expect(r.code, `${args.join(' ').slice(0, 200)}: ${r.stderr.slice(0, 300)}`).toBe(2);
  return oneLine(r.stderr);
}

const MiB = 1 << 20;

describe('nlkit: oversized values', () => {
  it('a 1 MiB string names its path and the 65535-byte limit (stdin and @file)', () => {
    const req = JSON.stringify({ ifname: 'a'.repeat(MiB) });
    const line = refused(['rt-link', 'getlink', '--json', '-'], req);
    expect(line).toBe(`nlkit: invalid request: ifname: attribute of ${MiB + 5} bytes exceeds the 65535-byte netlink attribute limit (nothing was sent)`);
    inTmp((dir) => {
      writeFileSync(join(dir, 'big.json'), req);
      expect(refused(['rt-link', 'getlink', '--json', `@${join(dir, 'big.json')}`])).toBe(line);
    });
    // Nested: the nest that outgrows 64 KiB is named.
    const nested = JSON.stringify({ ifname: 'x', linkinfo: { kind: 'dummy', slaveKind: 'b'.repeat(70_000) } });
    expect(refused(['rt-link', 'newlink', '--json', '-'], nested)).toMatch(/^nlkit: invalid request: linkinfo(\.slaveKind)?: attribute of \d+ bytes exceeds the 65535-byte/);
  });

  it('offending values are echoed capped, with their length', () => {
    const line = refused(['rt-link', 'getlink', '--json', '-'], JSON.stringify({ ifname: 'lo', header: { ifiType: 'x'.repeat(MiB) } }));
    expect(line).toContain('(1048576 chars)');
    expect(line.length).toBeLessThan(2200);
    const key = refused(['rt-link', 'getlink', '--json', '-'], JSON.stringify({ ['k'.repeat(MiB)]: 1 }));
    expect(key).toMatch(/^nlkit: invalid request: k{64}… \(1048576 chars\): getlink \(do\) does not take this attribute/);
    // A number far beyond any integer type is refused by the parser, by position.
    expect(refused(['rt-link', 'getlink', '--json', `{"ifname": ${'9'.repeat(5000)}}`])).toMatch(/invalid JSON at line 1, column 12 .*number of more than 40 digits/);
  });
});

describe('nlkit: the request must be an object of the attributes the operation takes', () => {
  it.each([['null', 'null'], ['[]', 'an array'], ['[{"ifname":"lo"}]', 'an array'], ['5', 'a number'], ['"lo"', 'a string'], ['true', 'a boolean']])('--json %s is refused', (json, got) => {
    expect(refused(['rt-link', 'getlink', '--json', json])).toBe(`nlkit: --json: the request must be a JSON object such as {"name": value}, got ${got}`);
  });

  it('an attribute the operation does not take is refused, listing the ones it does', () => {
    expect(refused(['rt-link', 'getlink', '--json', '{"ifname":"lo","mtu":1500}'])).toBe(
      'nlkit: invalid request: mtu: getlink (do) does not take this attribute; it takes header, ifname, altIfname, extMask, targetNetnsid (nothing was sent)',
    );
    expect(refused(['rt-link', 'getlink', '--dump', '--json', '{"mtu":5}'])).toMatch(/mtu: getlink \(dump\) does not take this attribute; it takes header, targetNetnsid, extMask, master, linkinfo/);
    expect(refused(['nlctrl', 'getfamily', '--dump', '--json', '{"familyName":"nlctrl"}'])).toMatch(/familyName: getfamily \(dump\) does not take this attribute; it takes nothing/);
  });

  it('__proto__, constructor and toString are unknown attributes like any other', () => {
    for (const k of ['__proto__', 'constructor', 'toString']) {
      expect(refused(['rt-link', 'getlink', '--json', `{"${k}": 1}`])).toMatch(new RegExp(`^nlkit: invalid request: ${k}: getlink \\(do\\) does not take this attribute`));
    }
    expect(refused(['rt-link', 'getlink', '--json', '{"header": {"__proto__": {"ifiIndex": 1}}}'])).toMatch(/header\.__proto__: unknown member of struct ifinfomsg/);
  });

  it('bad JSON is one line with its position', () => {
    expect(refused(['rt-link', 'getlink', '--json', '{\n  "ifname": "lo",\n}'])).toMatch(/^nlkit: --json: invalid JSON at line 3, column 1 \(position 20\): expected a property name in double quotes, found "}", near ".*"$/);
  });
});

describe('nlkit: input files are size-capped', () => {
  it('--json @/dev/zero and decode --file /dev/zero stop at 16 MiB, quickly', () => {
    const started = Date.now();
    expect(refused(['rt-link', 'getlink', '--json', '@/dev/zero'])).toBe('nlkit: --json @/dev/zero: input is larger than the 16 MiB limit');
    expect(refused(['decode', 'rt-link', '--file', '/dev/zero'])).toBe('nlkit: --file /dev/zero: input is larger than the 16 MiB limit');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a file of exactly 16 MiB is read; a missing file or a directory is one line', () => {
    inTmp((dir) => {
      const f = join(dir, 'ws.json');
      writeFileSync(f, Buffer.concat([Buffer.from('{"ifname":"lo","mtu":1}'), Buffer.alloc(16 * MiB - 23, 0x20)]));
      // Read and parsed in full: the error is about the attribute, not the size.
      expect(refused(['rt-link', 'getlink', '--json', `@${f}`])).toMatch(/mtu: getlink \(do\) does not take/);
      expect(refused(['rt-link', 'getlink', '--json', `@${join(dir, 'nope.json')}`])).toMatch(/^nlkit: --json @.*nope\.json: ENOENT/);
      expect(refused(['rt-link', 'getlink', '--json', `@${dir}`])).toMatch(/EISDIR/);
    });
  });
});

describe('nlkit: --netns is checked without blocking', () => {
  it('a FIFO, a file, a directory, a device, another kind of namespace or a missing name: exit 2', () => {
    inTmp((dir) => {
      const fifo = join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      const file = join(dir, 'file');
      writeFileSync(file, 'x');
      const started = Date.now();
      for (const cmd of [['rt-link', 'getlink', '--dump'], ['policy', 'nlctrl'], ['monitor', 'rt-link']]) {
        expect(refused([...cmd, '--netns', fifo])).toBe(`nlkit: --netns ${fifo}: ${fifo} is a FIFO, not a network namespace`);
      }
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(refused(['rt-link', 'getlink', '--dump', '--netns', file])).toBe(`nlkit: --netns ${file}: ${file} is a file, not a network namespace`);
      expect(refused(['rt-link', 'getlink', '--dump', '--netns', dir])).toBe(`nlkit: --netns ${dir}: ${dir} is a directory, not a network namespace`);
      expect(refused(['rt-link', 'getlink', '--dump', '--netns', '/dev/null'])).toMatch(/is a device, not a network namespace$/);
      expect(refused(['rt-link', 'getlink', '--dump', '--netns', '/proc/self/ns/mnt'])).toBe('nlkit: --netns /proc/self/ns/mnt: /proc/self/ns/mnt is a namespace, but not a network namespace');
      expect(refused(['rt-link', 'getlink', '--dump', '--netns', 'nlkit-no-such-ns'])).toBe('nlkit: --netns nlkit-no-such-ns: no such network namespace (/run/netns/nlkit-no-such-ns does not exist)');
    });
  });
});

describe('nlkit: --timeout', () => {
  it('refuses negatives, non-numbers and exponents; takes large values and 0', () => {
    for (const t of ['-1', 'abc', '1e3', '', '1.2345', 'Infinity', '99999999999999999999']) {
      expect(refused(['rt-link', 'getlink', `--timeout=${t}`])).toMatch(/--timeout must be a number of seconds/);
    }
    for (const t of ['0', '3000000', '0.5', '86400000']) {
      // Accepted: the command goes on to refuse the request instead.
      expect(refused(['rt-link', 'getlink', '--timeout', t, '--json', 'null'])).toMatch(/must be a JSON object/);
    }
    expect(refused(['monitor', 'rt-link', '--timeout', '-5'])).toMatch(/--timeout/);
    expect(refused(['policy', 'nlctrl', '--timeout', 'x'])).toMatch(/--timeout must be a number of seconds/);
  });

  it('the default request timeout is documented', () => {
    expect(nlkit(['rt-link', 'getlink', '--help']).stdout).toMatch(/--timeout S\s+give up when the answer .* than S seconds \(default 30; 0 waits for ever\)/s);
    expect(nlkit(['policy', '--help']).stdout).toMatch(/default 30/);
  });
});

describe('nlkit: output errors end quietly', () => {
  it('ENOSPC (> /dev/full) is one line and exit 1, no stack', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      for (const args of [['families', '-o', 'json'], ['rt-link', '--list-ops'], ['--help'], ['decode', 'rt-link', '--request', '1400000012000103000000000000000000000000']]) {
        const r = nlkitToFd(args, fd);
        expect(r.code, args.join(' ')).toBe(1);
        expect(oneLine(r.stderr)).toBe('nlkit: cannot write the output: ENOSPC: no space left on device, write');
      }
    } finally {
      closeSync(fd);
    }
  });

  it('a closed pipe (| head -c 1) ends with exit 0 and nothing on stderr', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" rt-link --list-ops -o json | head -c 1 >/dev/null; echo "$\{PIPESTATUS[0]}"`], { cwd: REPO, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('0');
    expect(r.stderr).toBe('');
  });
});

describe('nlkit: other commands and arguments', () => {
  it('decode: malformed bytes are a bad input, one line', () => {
    // getlink request whose ifname attribute claims 64 bytes.
    const hex = `2400000012000103${'00'.repeat(8)}${'00'.repeat(16)}40000300`;
    expect(refused(['decode', 'rt-link', '--request', hex])).toMatch(/^nlkit: cannot decode message 1 \(type 18, seq 0\): attribute type 3 length 64 runs past the end$/);
    expect(refused(['decode', 'rt-link', '--op', 'constructor', '00'])).toMatch(/has no operation "constructor"/);
  });

  it('a huge or multi-line argument is echoed on one line, capped', () => {
    const line = refused([`fam\nily${'x'.repeat(100_000)}`, 'getlink']);
    expect(line).toMatch(/^nlkit: unknown family "fam ilyxxx/);
    expect(line.length).toBeLessThan(2100);
  });

  it('help for a topic named like an Object property is the op help', () => {
    const r = nlkit(['help', 'constructor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: nlkit <family> <op>/);
  });
});

describe('nlkit: hostile files in the schema search path', () => {
  it('a FIFO and an oversized file named *.yaml neither hang `families` nor fill memory; --spec refuses them', () => {
    inTmp((dir) => {
      execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
      const big = openSync(join(dir, 'huge.yaml'), 'w');
      closeSync(big);
      execFileSync('truncate', ['-s', '64M', join(dir, 'huge.yaml')]); // sparse: 64 MiB of zeros
      const r = nlkit(['families'], { env: { NLKIT_SCHEMA_PATH: dir } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('rt-link');
      expect(refused(['--spec', join(dir, 'fifo.yaml'), 'get', '--json', '{}'])).toMatch(/fifo\.yaml: not a regular file/);
      expect(refused(['--spec', join(dir, 'huge.yaml'), 'get', '--json', '{}'])).toMatch(/huge\.yaml: input is larger than the 16 MiB limit/);
    });
  });
});
