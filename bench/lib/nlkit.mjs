// How the bench scripts load nlkit: the built core (packages/core/dist) and a family's IR.
// The IR is plain JSON data; bench/run.mjs resolves each schema once with @nlkit/ynl and passes
// the JSON file to the child scripts, so they start the way a generated package does (no YAML
// parsing, no schema validation at start-up).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const core = await import(new URL('packages/core/dist/index.js', `file://${ROOT}`).href);

/** The family runtime for an IR JSON file (written by run.mjs) or a schema YAML. */
export async function family(path) {
  if (path.endsWith('.json')) return core.defineFamily(JSON.parse(readFileSync(path, 'utf8')));
  const { loadSchemaFileSync } = await import(new URL('packages/ynl/dist/index.js', `file://${ROOT}`).href);
  return core.defineFamily(loadSchemaFileSync(path));
}

/** A generated family package (its built dist), e.g. pkg('rt-route') for @nlkit/rt-route. */
export function pkg(name) {
  return import(new URL(`packages/${name}/dist/index.js`, `file://${ROOT}`).href);
}

/** Command-line flags as { name: value }; `--x` alone is true. */
export function flags(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else { out[a.slice(2)] = next; i++; }
  }
  return out;
}

/** VmHWM (peak RSS) of this process in KiB, from /proc/self/status. */
export function peakRssKiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : undefined;
}

/** The rtmsg of an IPv4 unicast /32 route on a link, as `ip route add A/32 dev X` sends it. */
export function routeRequest(dst, oif) {
  return {
    header: { rtmFamily: 2, rtmDstLen: 32, rtmTable: 'main', rtmProtocol: 'boot', rtmScope: 'link', rtmType: 'unicast' },
    dst,
    oif,
  };
}

/** The i-th address of the 10.x.y.z /32 sequence fixtures use (z in 1..254). */
export function nthAddress(i, base = 1) {
  const z = (i % 254) + 1;
  const y = Math.floor(i / 254) % 256;
  const x = base + Math.floor(i / (254 * 256));
  return `10.${x}.${y}.${z}`;
}
