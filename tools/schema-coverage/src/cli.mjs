#!/usr/bin/env node
// pnpm coverage:schemas [--json] [--include DIR] [--schemas DIR]
// Which uapi attributes the netlink-raw schemas in schemas/ name, per family and enum.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ELSEWHERE, EXTRA_HEADERS, FAMILIES, GUESS_PREFIX, HEADERS, NOT_ATTRIBUTES, SET_PREFIX } from './config.mjs';
import { computeCoverage } from './coverage.mjs';
import { parseHeader } from './headers.mjs';
import { formatText } from './report.mjs';
import { schemaSets } from './schemas.mjs';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** [{ file, extra }] for the headers config.mjs names that exist under <include>/linux; `dir/*.h` expands. */
export function headerFiles(include) {
  const files = [];
  for (const [list, extra] of [[HEADERS, false], [EXTRA_HEADERS, true]]) {
    for (const h of list) {
      if (h.endsWith('/*.h')) {
        const dir = join(include, 'linux', h.slice(0, -4));
        if (existsSync(dir)) for (const f of readdirSync(dir).filter((x) => x.endsWith('.h')).sort()) files.push({ file: `linux/${h.slice(0, -4)}/${f}`, extra });
      } else if (existsSync(join(include, 'linux', h))) files.push({ file: `linux/${h}`, extra });
    }
  }
  return files;
}

/** The uapi version of the headers (linux/version.h), e.g. "6.1.0"; undefined if absent. */
function uapiVersion(include) {
  const file = join(include, 'linux/version.h');
  if (!existsSync(file)) return undefined;
  const code = /LINUX_VERSION_CODE\s+(\d+)/.exec(readFileSync(file, 'utf8'));
  if (!code) return undefined;
  const n = Number(code[1]);
  return `${n >> 16}.${(n >> 8) & 0xff}.${n & 0xff}`;
}

export function run({ include = '/usr/include', schemas = join(repo, 'schemas') } = {}) {
  const constants = new Map();
  const enums = headerFiles(include).flatMap(({ file, extra }) =>
    parseHeader(readFileSync(join(include, file), 'utf8'), file, constants).map((e) => ({ ...e, extra })),
  );
  const raw = readdirSync(schemas)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => schemaSets(readFileSync(join(schemas, f), 'utf8')))
    .filter((s) => s.protocol === 'netlink-raw' && Object.hasOwn(FAMILIES, s.family));
  const config = { families: FAMILIES, notAttributes: NOT_ATTRIBUTES, setPrefix: SET_PREFIX, guessPrefix: GUESS_PREFIX, elsewhere: ELSEWHERE };
  return { include, version: uapiVersion(include), ...computeCoverage(enums, raw, config) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `| head` closing the pipe early is not an error.
  process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, include: { type: 'string' }, schemas: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('usage: pnpm coverage:schemas [--json] [--include DIR (default /usr/include)] [--schemas DIR (default schemas/)]\n');
  } else {
    const result = run({ include: values.include, schemas: values.schemas });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatText(result, result));
  }
}
