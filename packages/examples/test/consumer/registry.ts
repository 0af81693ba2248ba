/**
 * The npm registry for the @nlkit scope, served from packed tarballs on 127.0.0.1. Projects
 * point only that scope at it (`@nlkit:registry=` in .npmrc); every other package comes from
 * the real registry. So installs see exactly what a user would after a release: the packed
 * manifests, their semver ranges, their install scripts.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { basename } from 'node:path';

export interface ScopeRegistry {
  url: string;
  /** Packument and tarball requests served, by path (what the installs asked for). */
  requests: string[];
  close(): Promise<void>;
}

export async function serveScope(tarballs: string[]): Promise<ScopeRegistry> {
  const packuments = new Map<string, Record<string, unknown>>();
  const files = new Map<string, string>();
  const requests: string[] = [];
  let base = '';
  for (const file of tarballs) {
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', file, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown> & { name: string; version: string };
    const bytes = readFileSync(file);
    files.set(basename(file), file);
    const version = {
      ...manifest,
      _id: `${manifest.name}@${manifest.version}`,
      dist: {
        tarball: `/-/${basename(file)}`, // made absolute per request, once the port is known
        shasum: createHash('sha1').update(bytes).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      },
    };
    packuments.set(manifest.name, { name: manifest.name, 'dist-tags': { latest: manifest.version }, versions: { [manifest.version]: version } });
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    requests.push(path);
    if (path.startsWith('/-/') && files.has(path.slice(3))) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(readFileSync(files.get(path.slice(3))!));
      return;
    }
    const packument = packuments.get(path.slice(1));
    if (!packument) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    const absolute = JSON.parse(JSON.stringify(packument).replace(/"tarball":"\/-\//g, `"tarball":"${base}-/`)) as unknown;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(absolute));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('registry did not start');
  base = `http://127.0.0.1:${address.port}/`;
  return {
    url: base,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
