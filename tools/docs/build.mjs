#!/usr/bin/env node
/**
 * `pnpm docs`: the API reference of every published TypeScript package, built with TypeDoc from
 * the sources' TSDoc (generated types carry their schema's `doc:` text) into docs/api/.
 *
 * Which packages: @nlkit/core (all its entry points), @nlkit/ir, @nlkit/ynl and every family
 * package (a package with generated code in src/gen/), found on disk so a new family joins by
 * itself. Warnings are errors: a public type that refers to one no entry point exports, or a
 * broken {@link}, fails the build.
 *
 * Usage: node tools/docs/build.mjs [--out DIR] [--json FILE] [package-dir ...]
 * (problems are counted whatever the log level; `logLevel` only quiets the printing)
 * Needs the workspace built (`pnpm build`): packages see each other through their dist/ types.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The package directories the reference covers, in the order of its index. */
export function documentedPackages(repo = REPO) {
  const dirs = [];
  for (const d of readdirSync(join(repo, 'packages')).sort()) {
    const dir = join(repo, 'packages', d);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).private) continue;
    const isFamily = existsSync(join(dir, 'src/gen'));
    if (isFamily || ['core', 'ir', 'ynl'].includes(d)) dirs.push(dir);
  }
  return dirs;
}

/**
 * A package's entry points: the source file behind each `exports` subpath (dist/x.js -> src/x.ts),
 * as a map from source file to the specifier users import (`@nlkit/core/wire`).
 */
export function entryPointsOf(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const out = new Map();
  for (const [subpath, target] of Object.entries(manifest.exports ?? { '.': manifest.main })) {
    const js = typeof target === 'string' ? target : target?.default;
    if (subpath.endsWith('package.json') || typeof js !== 'string' || !js.startsWith('./dist/')) continue;
    const src = join(dir, js.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    if (!existsSync(src)) throw new Error(`${relative(REPO, dir)}: exports["${subpath}"] has no source at ${relative(REPO, src)}`);
    out.set(src, subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`);
  }
  return out;
}

/**
 * Types that public signatures mention but that are deliberately not exported, by package:
 * internals reachable only through another public type, and in generated code the `$Select`
 * helper (an operation's attribute subset). Anything else missing fails the build.
 */
const NOT_EXPORTED = {
  core: ['EnumIndex', 'SetIndex', 'DecoderOptions', 'Scope', 'ExtAckNamer', 'Layout', 'RuntimeOptions'],
  nftables: ['Bytes'],
};

function intentionallyNotExported(dir) {
  const own = NOT_EXPORTED[basename(dir)] ?? [];
  const gen = join(dir, 'src/gen');
  const usesSelect = existsSync(gen) && readdirSync(gen).some((f) => readFileSync(join(gen, f), 'utf8').includes('$Select<'));
  return usesSelect ? [...own, '$Select'] : own;
}

/** Options shared by every package's conversion and the merged site. */
const COMMON = {
  excludeInternal: true,
  // The repository's remote is not known to every clone; link sources on the main branch.
  sourceLinkTemplate: 'https://github.com/nlkit/nlkit/blob/main/{path}#L{line}',
  gitRevision: 'main',
  treatWarningsAsErrors: true,
};

/**
 * Records the warnings and errors an Application logs (it still prints them), so a failure can
 * say what went wrong.
 */
function recordProblems(app) {
  const problems = [];
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message, level) => {
    if (level >= 2) problems.push(String(message).replace(/\x1b\[[0-9;]*m/g, ''));
    log(message, level);
  };
  return () => {
    if (app.logger.hasErrors() || app.logger.hasWarnings()) throw new DocsError(problems);
  };
}

/** A docs build that TypeDoc refused or warned about; `problems` are its messages. */
export class DocsError extends Error {
  constructor(problems) {
    super(`TypeDoc reported ${problems.length} problem(s):\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

/**
 * One package converted on its own, as TypeDoc's packages mode does, but with the package's own
 * entry points (packages mode gives every package the same ones).
 */
async function convertPackage(Application, dir, logLevel) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const entries = entryPointsOf(dir);
  const app = await Application.bootstrap({
    ...COMMON,
    name: manifest.name,
    logLevel,
    entryPoints: [...entries.keys()],
    entryPointStrategy: 'resolve',
    intentionallyNotExported: intentionallyNotExported(dir),
    tsconfig: join(dir, 'tsconfig.json'),
    readme: existsSync(join(dir, 'README.md')) ? join(dir, 'README.md') : 'none',
    // Links are checked once, on the merged site, where other packages' pages exist.
    validation: { notExported: true, invalidLink: false, rewrittenLink: true, notDocumented: false },
  });
  const check = recordProblems(app);
  const project = await app.convert();
  check();
  if (!project) throw new Error(`${manifest.name}: TypeDoc could not convert it`);
  // With several entry points TypeDoc names each module by its file (`wire`); name it as imported.
  if (entries.size > 1) {
    const byFile = new Map([...entries].map(([src, specifier]) => [basename(src, '.ts'), specifier]));
    for (const mod of project.children ?? []) mod.name = byFile.get(mod.name) ?? mod.name;
  }
  app.validate(project);
  check();
  return app.serializer.projectToObject(project, process.cwd());
}

/** Converts the packages, merges them into one site, checks its links and writes it to `out` (or JSON to `json`). */
export async function buildDocs(dirs, { out, json, logLevel = 'Warn' } = {}) {
  const { Application } = await import('typedoc');
  const projects = [];
  for (const dir of dirs) projects.push(await convertPackage(Application, dir, logLevel));
  const app = await Application.bootstrap({
    ...COMMON,
    name: 'nlkit API reference',
    logLevel,
    entryPoints: [],
    readme: join(REPO, 'docs/api-index.md'),
    validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: false },
  });
  const check = recordProblems(app);
  const project = app.deserializer.reviveProjects(app.options.getValue('name'), projects, {
    projectRoot: process.cwd(),
    registry: app.files,
    alwaysCreateEntryPointModule: true,
  });
  app.converter.addProjectDocuments(project);
  app.validate(project);
  check();
  if (out) await app.generateDocs(project, out);
  if (json) await app.generateJson(project, json);
  check();
  return project;
}

async function main(argv) {
  const flag = (name) => {
    const at = argv.indexOf(name);
    return at >= 0 ? resolve(argv[at + 1]) : undefined;
  };
  const json = flag('--json');
  const out = flag('--out') ?? (json ? undefined : join(REPO, 'docs/api'));
  const dirs = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const packages = dirs.length ? dirs.map((d) => resolve(d)) : documentedPackages();
  const started = Date.now();
  await buildDocs(packages, { out, json });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`API reference for ${packages.length} packages in ${relative(process.cwd(), out ?? json) || '.'} (${seconds} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err) => {
    // A DocsError's messages were printed as TypeDoc logged them.
    console.error(err instanceof DocsError ? `docs: ${err.problems.length} problem(s) above` : err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
