#!/usr/bin/env node
// Copies the repository's LICENSE into the current package directory, for `prepack`:
//   "prepack": "node ../../tools/pack/copy-license.mjs"
// Each package gitignores its copy (`/LICENSE` in its .gitignore); npm and pnpm pack a
// LICENSE file whatever "files" says.
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../LICENSE', import.meta.url));
const target = join(process.cwd(), 'LICENSE');

if (!existsSync(join(process.cwd(), 'package.json'))) {
  console.error(`copy-license: ${process.cwd()} is not a package directory (no package.json)`);
  process.exit(1);
}
copyFileSync(source, target);
