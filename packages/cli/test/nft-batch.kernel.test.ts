/** nf_tables changes from the CLI: a batch of one per mutating op, and --batch FILE as one transaction. */
import { describe, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelIt, withNetns } from '@nlkit/testkit';
import { nlkit, oneLine } from './helpers.js';

const inet = { nfgenFamily: 'inet' };
const line = (op: string, json: unknown, flags?: string[]) => JSON.stringify({ op, json, ...(flags ? { flags } : {}) });

describe('nlkit nftables against the kernel', () => {
  kernelIt('a mutating op goes out as a batch of one; a kernel error names the message and attribute', () => withNetns((ns) => {
    const ok = nlkit(['nftables', 'newtable', '--json', JSON.stringify({ header: inet, name: 'one' }), '--netns', ns.name]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ messages: 1 });
    expect(ns.exec('nft', 'list', 'tables')).toContain('table inet one');

    const bad = nlkit(['nftables', 'newrule', '--json', JSON.stringify({ header: inet, table: 'one', chain: 'missing' }), '--netns', ns.name]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('message 0 of 1 (newrule)');
    expect(bad.stderr).toContain('ENOENT');
    expect(bad.stderr).toMatch(/attribute: chain/);

    // Reads are plain requests, as before.
    const list = nlkit(['nftables', 'gettable', '--dump', '--netns', ns.name]);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(['one']);
  }));

  kernelIt('--batch FILE applies every line as one transaction, or nothing', () => withNetns((ns) => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-nft-'));
    try {
      const good = join(dir, 'good.ndjson');
      writeFileSync(good, [
        '# table, chain, rule',
        line('newtable', { header: inet, name: 'fw' }),
        line('newchain', { header: inet, table: 'fw', name: 'in', hook: { hooknum: 1, priority: 0 }, type: 'filter', policy: 'drop' }),
        line('newrule', { header: inet, table: 'fw', chain: 'in', expressions: { elem: [
          { name: 'meta', data: { key: 'iifname', dreg: 'reg-1' } },
          { name: 'cmp', data: { sreg: 'reg-1', op: 'eq', data: { value: '6c6f0000000000000000000000000000' } } },
          { name: 'immediate', data: { dreg: 'verdict', data: { verdict: { code: 'accept' } } } },
        ] } }, ['create', 'append', 'echo']),
      ].join('\n'));
      const r = nlkit(['nftables', '--batch', good, '--netns', ns.name]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { messages: number; generation: number; echoed: Array<{ handle: number }> };
      expect(out.messages).toBe(3);
      expect(out.echoed).toHaveLength(1);
      const listed = ns.exec('nft', '-a', 'list', 'table', 'inet', 'fw');
      expect(listed).toContain('type filter hook input priority filter; policy drop;');
      expect(listed).toContain(`iifname "lo" accept # handle ${out.echoed[0]!.handle}`);

      const before = ns.exec('nft', 'list', 'ruleset');
      const failing = join(dir, 'failing.ndjson');
      writeFileSync(failing, [
        line('newtable', { header: inet, name: 'more' }),
        line('delchain', { header: inet, table: 'fw', name: 'in' }),
        line('newtable', { header: inet, name: 'fw' }, ['create', 'excl']),
      ].join('\n'));
      const f = nlkit(['nftables', '--batch', failing, '--netns', ns.name]);
      expect(f.code).toBe(1);
      expect(f.stderr).toContain('message 2 of 3 (newtable)');
      expect(f.stderr).toContain('EEXIST');
      expect(ns.exec('nft', 'list', 'ruleset')).toBe(before);

      // A stale generation changes nothing either.
      const stale = nlkit(['nftables', '--batch', failing.replace('failing', 'good'), '--netns', ns.name, '--generation', String(out.generation - 1)]);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain('generation changed');
      expect(ns.exec('nft', 'list', 'ruleset')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));

  kernelIt('--batch refuses a bad file before sending anything (exit 2, one line)', () => withNetns((ns) => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-nft-'));
    try {
      const cases: Array<[string, string]> = [
        [line('gettable', {}), 'cannot go in a batch'],
        ['{"op":"newtable","json":{"name":"a"},"extra":1}', 'unknown key "extra"'],
        ['not json', 'bad.ndjson'],
        [line('newtable', { name: 'x', bogus: 1 }), 'bogus'],
        [line('newtable', { name: 'x' }, ['sideways']), 'unknown flag'],
      ];
      for (const [text, expected] of cases) {
        const file = join(dir, 'bad.ndjson');
        writeFileSync(file, `${line('newtable', { header: inet, name: 'first' })}\n${text}\n`);
        const r = nlkit(['nftables', '--batch', file, '--netns', ns.name]);
        expect(r.code, text).toBe(2);
        expect(oneLine(r.stderr)).toContain(expected);
        expect(r.stderr).toContain('line 2');
      }
      expect(ns.exec('nft', 'list', 'tables').trim()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));
});
