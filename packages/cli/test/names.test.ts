/**
 * One family, two spellings: the kernel names families with `_` (tcp_metrics), npm packages
 * use `-` (@nlkit/tcp-metrics). The CLI takes either for every family it knows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nlkit, REPO } from './helpers.js';

const families = (JSON.parse(nlkit(['families', '-o', 'json']).stdout) as Array<{ name: string }>).map((f) => f.name);
const withUnderscore = families.filter((n) => n.includes('_'));

describe('nlkit: family names with - or _', () => {
  it('knows families whose kernel name has an underscore', () => {
    expect(withUnderscore).toEqual(expect.arrayContaining(['mptcp_pm', 'tcp_metrics']));
  });

  it.each(withUnderscore)('%s: the package spelling names the same family', (name) => {
    const dashed = name.replace(/_/g, '-');
    // The package of that name exists under packages/ (the generator's folder rule).
    expect(existsSync(join(REPO, 'packages', dashed, 'package.json'))).toBe(true);
    const a = nlkit([name, '--list-ops', '-o', 'json']);
    const b = nlkit([dashed, '--list-ops', '-o', 'json']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    // A mixed spelling resolves too, and the family reports its kernel name.
    const mixed = nlkit([dashed.toUpperCase(), '--list-ops']);
    expect(mixed.code).toBe(0);
    expect(mixed.stdout.split('\n')[0]).toMatch(new RegExp(`^${name} \\(`));
  });

  it('a name that is neither spelling is still unknown', () => {
    const r = nlkit(['tcp.metrics', '--list-ops']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown family "tcp.metrics"/);
  });
});
