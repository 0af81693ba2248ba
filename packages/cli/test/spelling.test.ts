/**
 * The CLI's request JSON in either spelling and its output in the one asked for (--names),
 * without the kernel: bad requests stop before a socket opens, decode prints what it decodes.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineFamily } from '@nlkit/core';
import { loadSchemaFileSync } from '@nlkit/ynl';
import { nlkit, oneLine, REPO } from './helpers.js';

const rtLink = () => defineFamily(loadSchemaFileSync(join(REPO, 'schemas/rt-link.yaml')));

describe('nlkit: --json in either spelling', () => {
  it('an unknown name lists the ones the request takes, in the spelling it was written in', () => {
    const s = nlkit(['rt-route', 'getroute', '--dump', '--json', '{"rtm-famly": 2}']);
    expect(s.code).toBe(2);
    expect(oneLine(s.stderr)).toMatch(/^nlkit: invalid request: rtm-famly: getroute \(dump\) does not take this attribute; it takes header, .*; or a member of its fixed header rtmsg: rtm-family, rtm-dst-len/);
    const c = nlkit(['rt-route', 'getroute', '--dump', '--json', '{"rtmFamly": 2}']);
    expect(oneLine(c.stderr)).toMatch(/or a member of its fixed header rtmsg: rtmFamily, rtmDstLen/);
  });

  it('the same field twice, in both spellings, is refused before anything is sent', () => {
    const r = nlkit(['rt-route', 'getroute', '--dump', '--json', '{"rtm-family": 2, "rtmFamily": 2}']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/rtmFamily: given twice \(as rtm-family and as rtmFamily\); give it once \(nothing was sent\)$/);
  });

  it('a header member inside a nest is told to go under header at the top level', () => {
    const r = nlkit(['rt-link', 'newlink', '--flags', 'create', '--json', '{"ifname": "x0", "linkinfo": {"kind": "ifb", "ifi-index": 5}}']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/linkinfo\.ifi-index: not an attribute of linkinfo-attrs: it is a member of the message's fixed header \(struct ifinfomsg\); nest it under "header"/);
  });

  it('--list-ops shows the schema spelling with --names schema', () => {
    const j = (args: string[]) => JSON.parse(nlkit(['rt-route', '--list-ops', '-o', 'json', ...args]).stdout) as { operations: Array<{ name: string; fixedHeader?: { members: string[] }; dump?: { request?: string[] } }> };
    const camel = j([]).operations.find((o) => o.name === 'getroute')!;
    const schema = j(['--names', 'schema']).operations.find((o) => o.name === 'getroute')!;
    expect(camel.fixedHeader!.members).toContain('rtmFamily');
    expect(schema.fixedHeader!.members).toContain('rtm-family');
    expect(schema.fixedHeader!.members).toHaveLength(camel.fixedHeader!.members.length);
  });

  it('--names takes schema or camel only', () => {
    const r = nlkit(['rt-link', 'getlink', '--names', 'kebab']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--names must be schema or camel \(got "kebab"\)/);
  });
});

describe('nlkit decode --names', () => {
  it('prints the schema spelling with --names schema, camelCase by default', () => {
    const bytes = rtLink().encodeRequestBytes('getlink', 'do', { ifname: 'eth9', header: { ifiIndex: 7 }, extMask: ['vf'] }, { seq: 1 });
    const hex = Buffer.from(bytes).toString('hex');
    const camel = JSON.parse(nlkit(['decode', 'rt-link', '--request', hex]).stdout);
    expect(camel.value).toMatchObject({ header: { ifiIndex: 7 }, ifname: 'eth9', extMask: ['vf'] });
    const r = nlkit(['decode', 'rt-link', '--request', hex, '--names', 'schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.value).toEqual({ header: expect.objectContaining({ 'ifi-index': 7, 'ifi-family': camel.value.header.ifiFamily }), ifname: 'eth9', 'ext-mask': ['vf'] });
    expect(Object.keys(schema.value.header)).toEqual(['ifi-family', 'ifi-type', 'ifi-index', 'ifi-flags', 'ifi-change']);
  });
});
