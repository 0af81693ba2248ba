/** GenlResolver against a MemoryTransport that plays nlctrl. */
import { describe, it, expect } from 'vitest';
import {
  Session, MemoryTransport, GenlResolver, FamilyClient, defineFamily, FamilyNotFoundError, NetlinkError, splitMessages, readAttrs, readString,
  GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_ATTR_FAMILY_NAME, NLM_F_REQUEST, NLM_F_ACK, type NlMessage,
} from '../core.js';
import { hx, nla, cstr, concat, u32le, nlmsg, ackMsg, errorMsg } from './helpers.js';

const u16 = (v: number) => Uint8Array.of(v & 0xff, v >> 8);

/** CTRL_CMD_NEWFAMILY for a family with the given id and groups. */
function newFamily(name: string, id: number, version: number, groups: Array<[string, number]>): Uint8Array {
  return concat(
    Uint8Array.of(1, 2, 0, 0), // genlmsghdr: CTRL_CMD_NEWFAMILY, version 2
    nla(1, u16(id)), // CTRL_ATTR_FAMILY_ID
    nla(2, cstr(name)), // CTRL_ATTR_FAMILY_NAME
    nla(3, u32le(version)), // CTRL_ATTR_VERSION
    nla(4, u32le(0)), // CTRL_ATTR_HDRSIZE
    nla(5, u32le(9)), // CTRL_ATTR_MAXATTR
    nla(6 | 0x8000, nla(1 | 0x8000, concat(nla(1, u32le(3)), nla(2, u32le(0x0e))))), // CTRL_ATTR_OPS: op 3, flags 0xe
    nla(7 | 0x8000, concat(...groups.map(([g, gid], i) => nla((i + 1) | 0x8000, concat(nla(2, u32le(gid)), nla(1, cstr(g))))))),
  );
}

/** A fake nlctrl: knows `families`, answers everything else with ENOENT. */
function nlctrl(families: Record<string, [number, number, Array<[string, number]>]>) {
  const queries: string[] = [];
  const t = new MemoryTransport((d, tr) => {
    for (const req of splitMessages(d)) {
      expect(req.type).toBe(GENL_ID_CTRL);
      expect(req.buf[req.start]).toBe(CTRL_CMD_GETFAMILY);
      const nameAttr = readAttrs(req.buf, req.start + 4, req.end).find((a) => a.type === CTRL_ATTR_FAMILY_NAME)!;
      const name = readString(req.buf, nameAttr.start, nameAttr.end);
      queries.push(name);
      const fam = families[name];
      if (!fam) tr.deliver(errorMsg(req, -2, hx`14 00 01 00 55 6e 6b 6e 6f 77 6e 20 66 61 6d 69 6c 79 00 00`));
      else tr.deliver(nlmsg(GENL_ID_CTRL, 0, req.seq, newFamily(name, ...fam)), ackMsg(req));
    }
  }, 16);
  return { t, s: new Session(t), queries };
}

describe('GenlResolver', () => {
  it('asks nlctrl with CTRL_CMD_GETFAMILY and decodes id, version and multicast groups', async () => {
    const { t, s, queries } = nlctrl({ devlink: [0x1c, 1, [['config', 5], ['trap', 6]]] });
    const info = await new GenlResolver(s).resolve('devlink');
    expect(queries).toEqual(['devlink']);
    expect(info.name).toBe('devlink');
    expect(info.id).toBe(0x1c);
    expect(info.version).toBe(1);
    expect(info.maxattr).toBe(9);
    expect(info.ops).toEqual([{ id: 3, flags: 0x0e }]);
    expect([...info.groups]).toEqual([['config', 5], ['trap', 6]]);
    // The request on the wire, byte for byte (seq aside).
    const [req] = splitMessages(t.sent[0]!) as [NlMessage];
    expect(req.flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(Array.from(req.buf.subarray(req.start, req.end))).toEqual(Array.from(hx`
      03 01 00 00                               // genlmsghdr: CTRL_CMD_GETFAMILY, version 1
      0c 00 02 00  64 65 76 6c 69 6e 6b 00      // CTRL_ATTR_FAMILY_NAME = "devlink"
    `));
    s.close();
  });

  it('caches: two resolves (even concurrent) make one query; invalidate forgets', async () => {
    const { s, queries } = nlctrl({ devlink: [0x1c, 1, []], ethtool: [0x1d, 1, [['monitor', 7]]] });
    const r = GenlResolver.for(s);
    expect(GenlResolver.for(s)).toBe(r);
    const [a, b] = await Promise.all([r.resolve('devlink'), r.resolve('devlink')]);
    expect(a).toBe(b);
    await r.resolve('devlink');
    expect(queries).toEqual(['devlink']);
    await r.resolve('ethtool');
    expect(queries).toEqual(['devlink', 'ethtool']);
    r.invalidate('devlink');
    await r.resolve('devlink');
    await r.resolve('ethtool');
    expect(queries).toEqual(['devlink', 'ethtool', 'devlink']);
    r.invalidate();
    await r.resolve('ethtool');
    expect(queries).toEqual(['devlink', 'ethtool', 'devlink', 'ethtool']);
    s.close();
  });

  it('ENOENT becomes FamilyNotFoundError (with the NetlinkError as cause), and is not cached', async () => {
    const { s, queries } = nlctrl({});
    const r = new GenlResolver(s);
    const err = await r.resolve('nosuch').catch((e) => e);
    expect(err).toBeInstanceOf(FamilyNotFoundError);
    expect(err.code).toBe('ERR_NLKIT_FAMILY_NOT_FOUND');
    expect(err.family).toBe('nosuch');
    expect(err.cause).toBeInstanceOf(NetlinkError);
    expect(err.cause.extack.message).toBe('Unknown family');
    await expect(r.resolve('nosuch')).rejects.toBeInstanceOf(FamilyNotFoundError);
    expect(queries).toEqual(['nosuch', 'nosuch']);
    s.close();
  });

  it('other errors pass through unchanged', async () => {
    const t = new MemoryTransport((d, tr) => tr.deliver(errorMsg(splitMessages(d)[0]!, -1)), 16);
    const s = new Session(t);
    const err = await new GenlResolver(s).resolve('devlink').catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('EPERM');
    s.close();
  });

  it('watch(): a CTRL_CMD_DELFAMILY from nlctrl drops the cached family, so the next use asks again', async () => {
    const { t, s, queries } = nlctrl({ nlctrl: [0x10, 2, [['notify', 0x10]]], devlink: [0x1c, 1, []], ethtool: [0x1d, 1, []] });
    const r = GenlResolver.for(s);
    await r.resolve('devlink');
    await r.resolve('ethtool');
    await r.watch();
    expect(t.groups.has(0x10)).toBe(true); // joined nlctrl's "notify" group
    // The kernel announces that devlink went away (its module was unloaded).
    const del = concat(Uint8Array.of(2, 2, 0, 0), nla(1, u16(0x1c)), nla(2, cstr('devlink')));
    t.deliver(nlmsg(GENL_ID_CTRL, 0, 0, del));
    await new Promise((done) => setTimeout(done, 10));
    await r.resolve('devlink');
    await r.resolve('ethtool'); // untouched: still cached
    expect(queries).toEqual(['devlink', 'ethtool', 'nlctrl', 'devlink']);
    r.stopWatching();
    expect(t.groups.has(0x10)).toBe(false);
    s.close();
  });

  it('a genetlink FamilyClient follows nlctrl once it has resolved its family (watchFamilies)', async () => {
    const { t, s, queries } = nlctrl({ nlctrl: [0x10, 2, [['notify', 0x10]]], devlink: [0x1c, 1, []] });
    const ir = {
      irVersion: 2 as const, name: 'devlink', protocol: 'genetlink' as const, protonum: 16, consts: [], enums: [], structs: [],
      attributeSets: [], subMessages: [], operations: [], mcastGroups: [],
    };
    const client = new FamilyClient(defineFamily(ir), s);
    expect(await client.familyId()).toBe(0x1c);
    await new Promise((done) => setTimeout(done, 10));
    expect(queries).toEqual(['devlink', 'nlctrl']);
    expect(t.groups.has(0x10)).toBe(true);
    // Opting out: a second session's client does not join.
    const other = nlctrl({ nlctrl: [0x10, 2, [['notify', 0x10]]], devlink: [0x1c, 1, []] });
    const quiet = new FamilyClient(defineFamily(ir), other.s);
    quiet.watchFamilies = false;
    await quiet.familyId();
    await new Promise((done) => setTimeout(done, 10));
    expect(other.queries).toEqual(['devlink']);
    expect(other.t.groups.size).toBe(0);
    s.close();
    other.s.close();
  });
});
