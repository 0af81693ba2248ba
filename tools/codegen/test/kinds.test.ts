/**
 * Kinds as a closed union: in a request, a sub-message selector (a link's `kind`, a qdisc's
 * `kind`) takes only the values the schema lists, or an explicit `unknownKind()`; wrong data
 * for a kind is an error against that kind's format, and says which.
 * Decoded values use the same union, so they re-encode.
 * rt-link and tc are generated from schemas/ and a snippet is type-checked: each line marked
 * `// error: TEXT` must get an error containing TEXT, and no other line any error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { generateModule } from '../src/generate.js';
import { repoRoot, typeCheck } from './helpers.js';

const snippet = `
import type { NewlinkRequest, LinkinfoAttrs } from './rt-link.js';
import type { NewqdiscRequest } from './tc.js';
import { isKind, unknownKind } from '@nlkit/core/codegenv1';

export const veth: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'veth', data: { peer: { ifname: 'v1' } } } };
export const plain: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'ifb' } };
export const none: NewlinkRequest = { ifname: 'v0', linkinfo: {} };
export const raw: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'veth', data: new Uint8Array(4) } };
export const escape: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: unknownKind('nlkit-test-kind'), data: new Uint8Array(4) } };
export const typo: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'vethh' } }; // error: Did you mean '"veth"'?
export const bare: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'nlkit-test-kind', data: new Uint8Array(4) } }; // error: '"nlkit-test-kind"' is not assignable to type
export const wrongField: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'vxlan', data: { peer: {} } } }; // error: 'peer' does not exist in type 'Uint8Array<ArrayBufferLike> | LinkinfoVxlanAttrsInput'
export const wrongType: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: 'veth', data: 5 } }; // error: 'number' is not assignable to type 'Uint8Array<ArrayBufferLike> | LinkinfoVethAttrsInput
export const escapeWithData: NewlinkRequest = { ifname: 'v0', linkinfo: { kind: unknownKind('nlkit-test-kind'), data: { peer: {} } } }; // error: 'peer' does not exist in type 'Uint8Array
export const dataNoKind: NewlinkRequest = { ifname: 'v0', linkinfo: { data: new Uint8Array(4) } }; // error: is not assignable
export const qdisc: NewqdiscRequest = { kind: 'htb', options: { init: { version: 3, rate2quantum: 10, defcls: 1, debug: 0, directPkts: 0 } } };
export const qdiscTypo: NewqdiscRequest = { kind: 'htbb' }; // error: Did you mean '"htb"'?
export const qdiscWrong: NewqdiscRequest = { kind: 'htb', options: { limit: 5 } }; // error: 'limit' does not exist in type 'Uint8Array<ArrayBufferLike> | HtbAttrsInput'

// Decoded values: a kind the schema does not know is an UnknownKind (a string), and a decoded
// linkinfo is a valid request again.
declare const got: LinkinfoAttrs;
export const kind: string | undefined = got.kind;
export const again: NewlinkRequest = { ifname: 'v0', linkinfo: got };
// isKind narrows a decoded value to one kind's format.
if (isKind(got, 'kind', 'veth')) { const peer = got.data?.peer; void peer; }
if (isKind(got, 'kind', 'vxlan')) { const id: number | undefined = got.data?.id; void id; }
if (isKind(got, 'kind', 'vxlan')) void got.data?.peer; // error: Property 'peer' does not exist
`;

function generateInto(dir: string, schema: string): void {
  const ir = loadSchemaFileSync(join(repoRoot, 'schemas', `${schema}.yaml`));
  const { main, irFile } = generateModule(ir, { schemaLabel: `schemas/${schema}.yaml` });
  writeFileSync(join(dir, `${schema}.ts`), main);
  writeFileSync(join(dir, `${schema}.ir.ts`), irFile);
}

describe('kinds as a closed union', () => {
  it('a typo or wrong data for a kind does not compile, and the error names the kind; unknownKind() is the escape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nlkit-kinds-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
      generateInto(dir, 'rt-link');
      generateInto(dir, 'tc');
      const file = join(dir, 'check.ts');
      writeFileSync(file, snippet);
      const lines = snippet.split('\n');
      const got = new Map<number, string[]>();
      for (const d of typeCheck([file])) {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
        if (d.file?.fileName !== file) throw new Error(`error outside the snippet: ${d.file?.fileName}: ${text}`);
        got.set(where, [...(got.get(where) ?? []), text]);
      }
      const report: string[] = [];
      lines.forEach((line, i) => {
        const want = /\/\/ error: (.*)$/.exec(line)?.[1];
        const errs = got.get(i) ?? [];
        if (want === undefined && errs.length) report.push(`line ${i + 1} should compile: ${errs.join(' / ')}`);
        if (want !== undefined && !errs.some((e) => e.includes(want))) report.push(`line ${i + 1} should fail with "${want}", got: ${errs.join(' / ') || 'no error'}`);
      });
      expect(report.join('\n')).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
