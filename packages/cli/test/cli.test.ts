/** The nlkit binary without the kernel: help, families, list-ops, bad requests, decode. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFamily } from '@nlkit/core';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { nlkit, REPO } from './helpers.js';

const rtLink = () => defineFamily(loadSchemaFileSync(join(REPO, 'schemas/rt-link.yaml')));

describe('nlkit: help and version', () => {
  it('prints its version', () => {
    const r = nlkit(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nlkit \d+\.\d+\.\d+/);
  });

  it.each([
    [['--help']], [['families', '--help']], [['rt-link', '--list-ops', '--help']], [['rt-link', 'getlink', '--help']],
    [['monitor', '--help']], [['policy', '--help']], [['decode', '--help']], [['help', 'monitor']],
  ])('%j prints help with examples', (args) => {
    const r = nlkit(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage/);
    expect(r.stdout).toMatch(/Examples:\n  nlkit /);
  });

  it('usage errors exit 2 and point to --help', () => {
    for (const args of [[], ['rt-link', 'getlink', '--bogus'], ['no-such-family', 'x'], ['rt-link', 'nope'], ['monitor', 'rt-link', '--count', 'x'], ['rt-link', 'getlink', '--flags', 'create,nope'], ['rt-link', 'getlink', '-o', 'yaml']]) {
      const r = nlkit(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(nlkit(['no-such-family', 'x']).stderr).toMatch(/unknown family "no-such-family".*rt-link/);
    expect(nlkit(['rt-link', 'nope']).stderr).toMatch(/rt-link has no operation "nope" \(known: .*getlink/);
    expect(nlkit(['rt-link', 'getlink', '--bogus']).stderr).toMatch(/^nlkit: .*--bogus.* \(see 'nlkit <family> <op> --help'\)\n$/);
  });
});

describe('nlkit families and --list-ops', () => {
  it('lists the families with protocol and op count', () => {
    const r = nlkit(['families']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^FAMILY\s+PROTOCOL\s+OPS/);
    expect(r.stdout).toMatch(/\nrt-link\s+netlink-raw\s+\d+/);
    expect(r.stdout).toMatch(/\nnlctrl\s+genetlink-legacy\s+\d+/);
    const json = JSON.parse(nlkit(['families', '-o', 'json']).stdout) as Array<{ name: string; protocol: string; operations: number; path: string }>;
    const link = json.find((f) => f.name === 'rt-link')!;
    expect(link.protocol).toBe('netlink-raw');
    expect(link.operations).toBe(loadSchemaFileSync(join(REPO, 'schemas/rt-link.yaml')).operations.length);
    expect(link.path).toMatch(/rt-link\.yaml$/);
  });

  it('lists operations with modes and camelCase attribute names', () => {
    const r = nlkit(['rt-link', '--list-ops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\ngetlink\s+do dump/);
    expect(r.stdout).toMatch(/newlink-ntf\s+notify/);
    expect(r.stdout).toMatch(/header:\s+header: ifinfomsg \{ ifiFamily, ifiType, ifiIndex/);
    const json = JSON.parse(nlkit(['rt-link', '--list-ops', '-o', 'json']).stdout);
    const getlink = json.operations.find((o: { name: string }) => o.name === 'getlink');
    expect(getlink.modes).toEqual(['do', 'dump']);
    expect(getlink.do.request).toContain('ifname');
    expect(getlink.do.reply).toContain('numTxQueues');
    expect(json.mcastGroups).toContain('rtnlgrp-link');
  });

  it('--spec takes any YNL file', () => {
    const r = nlkit(['--spec', join(REPO, 'schemas/nlctrl.yaml'), '--list-ops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^nlctrl/);
    expect(r.stdout).toMatch(/getfamily\s+do dump/);
  });

  it('a bad spec file is reported with file:line:column, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-cli-'));
    try {
      const f = join(dir, 'bad.yaml');
      writeFileSync(f, 'name: bad\nprotocol: genetlink\nattribute-sets:\n  - name: a\n    attributes:\n      - name: x\n        type: u33\noperations:\n  list: []\n');
      const r = nlkit(['--spec', f, '--list-ops']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${f}:7:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('nlkit: bad requests are refused before sending (exit 2)', () => {
  it('bad JSON, with its position', () => {
    const r = nlkit(['rt-link', 'getlink', '--json', '{"ifname": "lo",}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid JSON at line 1, column 17 \(position 16\): expected a property name/);
  });

  it('unknown attribute, with its path', () => {
    const r = nlkit(['rt-link', 'newlink', '--json', '{"ifname":"x","linkinfo":{"kind":"veth","bogus":1}}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid request: linkinfo\.bogus: unknown attribute of linkinfo-attrs/);
  });

  it('out of range, with its path', () => {
    let r = nlkit(['rt-link', 'newlink', '--json', '{"ifname":"x","mtu":4294967296}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid request: mtu: 4294967296 is out of range for u32/);
    r = nlkit(['rt-link', 'newlink', '--json', '{"header":{"ifiFamily":300}}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/header\.ifiFamily: 300 is out of range for u8/);
  });

  it('wrong type, with its path', () => {
    const r = nlkit(['rt-link', 'newlink', '--json', '{"linkinfo":{"kind":"veth","data":{"peer":{"ifname":5}}}}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/linkinfo\.data\.peer\.ifname: expected a string/);
  });

  it('reads the request from stdin with --json -', () => {
    const r = nlkit(['rt-link', 'newlink', '--json', '-'], { input: '{\n  "mtu": "big"\n}' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mtu: expected an integer/);
  });
});

describe('nlkit decode', () => {
  it('decodes a request encoded by the runtime', () => {
    const bytes = rtLink().encodeRequestBytes('getlink', 'do', { ifname: 'eth9', header: { ifiIndex: 7 } }, { seq: 42 });
    const r = nlkit(['decode', 'rt-link', '--request', Buffer.from(bytes).toString('hex')]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ name: 'getlink', type: 18, seq: 42, value: { ifname: 'eth9', header: { ifiIndex: 7 } } });
  });

  it('decodes several messages from a binary file, as replies, as ndjson', () => {
    const rt = rtLink();
    const a = rt.encodeRequestBytes('newlink', 'do', { ifname: 'a0', mtu: 1400, address: '02:00:00:00:00:01' }, { seq: 1 });
    const b = rt.encodeRequestBytes('dellink', 'do', { ifname: 'a1' }, { seq: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-cli-'));
    try {
      const f = join(dir, 'cap.bin');
      writeFileSync(f, Buffer.concat([a, b]));
      const r = nlkit(['decode', 'rt-link', '--file', f, '-o', 'ndjson']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2);
      // RTM_NEWLINK / RTM_DELLINK from the kernel are notifications.
      expect(lines[0]).toMatchObject({ name: 'newlink-ntf', value: { ifname: 'a0', mtu: 1400, address: '02:00:00:00:00:01' } });
      expect(lines[1]).toMatchObject({ name: 'dellink-ntf', value: { ifname: 'a1' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a pretty view and refuses non-hex input', () => {
    const bytes = rtLink().encodeRequestBytes('getlink', 'do', { ifname: 'lo' });
    const hex = Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ');
    const r = nlkit(['decode', 'rt-link', '--request', ...hex.trim().split(' ')], {});
    expect(r.code).toBe(0);
    expect(nlkit(['decode', 'rt-link', '--request', '-o', 'pretty', Buffer.from(bytes).toString('hex')]).stdout).toMatch(/^getlink\s+type 18[\s\S]*\n  ifname\s+lo\n/);
    const bad = nlkit(['decode', 'rt-link', 'zz00']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not hex/);
  });
});

describe('nlkit output', () => {
  it('pretty output is coloured only when asked (FORCE_COLOR) and never with NO_COLOR', () => {
    const plain = nlkit(['rt-link', '--list-ops']);
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const forced = nlkit(['rt-link', '--list-ops'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[/);
  });
});
