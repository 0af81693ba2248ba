/** Compare generated files with the disk, and write them. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { GeneratedFile } from './generate.js';
import { mergePackageJson } from './package-files.js';

export interface Drift {
  path: string;
  reason: 'missing' | 'stale';
}

/** Files under `outDir` that differ from what generation produces (hand-written files only need to exist). */
export function findDrift(outDir: string, files: Map<string, GeneratedFile>): Drift[] {
  const drift: Drift[] = [];
  for (const [rel, f] of files) {
    const path = join(outDir, rel);
    if (!existsSync(path)) drift.push({ path, reason: 'missing' });
    else if (!f.onlyIfAbsent) {
      const disk = readFileSync(path, 'utf8');
      if (disk !== wanted(f, disk)) drift.push({ path, reason: 'stale' });
    }
  }
  return drift;
}

/** The content a file should have, given what is on disk now. */
function wanted(f: GeneratedFile, disk: string | undefined): string {
  return f.merge && disk !== undefined ? mergePackageJson(disk, f.content, f.merge) : f.content;
}

/** Writes what changed (unchanged files keep their mtime); returns the paths written. */
export function writeFiles(outDir: string, files: Map<string, GeneratedFile>): string[] {
  const written: string[] = [];
  for (const [rel, f] of files) {
    const path = join(outDir, rel);
    const disk = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (disk !== undefined && f.onlyIfAbsent) continue;
    const content = wanted(f, disk);
    if (disk === content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(path);
  }
  return written;
}

/** How a schema is named in generated files: relative to the output's parent (the repo root), '/'-separated. */
export function schemaLabel(schema: string, outDir: string): string {
  const rel = relative(resolve(outDir, '..'), resolve(schema));
  const label = rel.startsWith('..') ? resolve(schema).split(sep).pop()! : rel;
  return label.split(sep).join('/');
}
