// Copies the repository's schemas (../../schemas/*.yaml) into this package, so an installed
// `nlkit` carries them. Outside the repo (a packed tarball) there is nothing to copy: keep what is there.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const src = join(pkg, '..', '..', 'schemas');
const dst = join(pkg, 'schemas');
if (!existsSync(src)) {
  console.log(`copy-schemas: no ${src}, keeping the bundled schemas`);
  process.exit(0);
}
mkdirSync(dst, { recursive: true });
const wanted = new Set(readdirSync(src).filter((f) => f.endsWith('.yaml')));
for (const f of readdirSync(dst)) if (f.endsWith('.yaml') && !wanted.has(f)) rmSync(join(dst, f));
for (const f of wanted) copyFileSync(join(src, f), join(dst, f));
console.log(`copy-schemas: ${wanted.size} schemas into ${dst}`);
