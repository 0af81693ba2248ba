#!/usr/bin/env node
// Keeps the tree clean; run by `npm test`. Fails on:
//  - compiler output inside a src/ folder (a .js/.d.ts/.map beside the .ts it came from),
//  - scratch files (t2.mjs, tmp.ts, *.orig, *.rej, ...),
//  - absolute paths of one machine (under work, root, Users or a home folder) in code.
// Only files git tracks are checked, so an untracked experiment never fails a build.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
const problems = [];

const SCRATCH = /^(t\d*|tmp\d*|scratch.*|debug\d*|foo|bar|test\d+)\.(m?[jt]s|cjs)$|\.(orig|rej|bak|swp)$|^\.DS_Store$/;
const CODE = /\.(m?[jt]s|cjs|json|sh|ya?ml|gyp|cc|h)$/;
const MACHINE_PATH = /(^|[\s'"`(=:])\/(work|root|Users)\/[\w.-]|(^|[\s'"`(=:])\/home\/[a-z_][\w-]*\//;

for (const file of files) {
  if (!existsSync(join(root, file))) continue; // deleted in the work tree, not yet committed
  const name = basename(file);
  if (/(^|\/)src\//.test(file) && /\.(js|d\.ts|js\.map|d\.ts\.map)$/.test(name)) {
    const stem = file.replace(/\.(js|d\.ts|js\.map|d\.ts\.map)$/, '');
    if (existsSync(join(root, `${stem}.ts`))) problems.push(`${file}: compiler output inside src/ (delete it; builds go to dist/)`);
  }
  if (SCRATCH.test(name)) problems.push(`${file}: looks like a scratch file`);
  if (CODE.test(name) && !file.endsWith('pnpm-lock.yaml')) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (MACHINE_PATH.test(line)) problems.push(`${file}:${i + 1}: absolute path of one machine: ${line.trim().slice(0, 100)}`);
    });
  }
}

if (problems.length) {
  console.error(`check-tree: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-tree: ${files.length} tracked files clean`);
