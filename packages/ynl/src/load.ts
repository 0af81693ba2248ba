/**
 * YAML loading with source positions: the parsed Document is kept next to the plain data, so
 * any path into the data can be mapped back to a line and column (through anchors and aliases).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { pathToString, type DocPath, type SchemaIssue } from './errors.js';

export interface LoadedYaml {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS data (aliases expanded). */
  data: unknown;
}

export type ParseResult = { ok: true; loaded: LoadedYaml } | { ok: false; issues: SchemaIssue[] };

/**
 * Aliases repeat what their anchor holds: 1,000 aliases of a 1 MiB scalar make 1 GB of data
 * downstream (the IR, its cache, generated code). The document is bounded by what it expands
 * to, counted in characters of scalars plus one per node; the alias count by the yaml library.
 */
export const MAX_EXPANDED_SIZE = 16 * 1024 * 1024;
export const MAX_ALIAS_COUNT = 10_000;

export function parseYaml(text: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, path: '', message: `YAML ${e.code}: ${e.message}` };
    });
    return { ok: false, issues };
  }
  const bounded = checkExpansion(doc);
  if (bounded) {
    const pos = lineCounter.linePos(bounded.offset);
    return { ok: false, issues: [{ file, line: pos.line, column: pos.col, path: '', message: `YAML: ${bounded.message}` }] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: `YAML: ${(err as Error).message}` }] };
  }
  return { ok: true, loaded: { file, doc, lineCounter, data } };
}

/**
 * Whether the document, aliases expanded, stays within MAX_EXPANDED_SIZE; if not, the problem
 * and the offset of the alias that crossed the limit. Sizes are memoized per node, so this is
 * linear in the source however the aliases multiply.
 */
function checkExpansion(doc: Document.Parsed): { message: string; offset: number } | undefined {
  const memo = new Map<unknown, number>();
  const open = new Set<unknown>();
  let lastAlias: Node | undefined;
  class Stop {
    constructor(readonly message: string, readonly node: Node | undefined) {}
  }
  const stop = (): never => {
    throw new Stop(
      lastAlias
        ? `aliases expand the document past ${MAX_EXPANDED_SIZE / 1024 / 1024} MiB (alias *${(lastAlias as { source?: string }).source ?? '?'} crossed it)`
        : `the document is larger than ${MAX_EXPANDED_SIZE / 1024 / 1024} MiB`,
      lastAlias,
    );
  };
  const size = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    const known = memo.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) throw new Stop('an alias refers to a node that contains it', lastAlias);
    open.add(node);
    let n = 1;
    // Checked after every child, so the alias that crosses the limit is the one blamed.
    const add = (child: unknown): void => {
      n += size(child);
      if (n > MAX_EXPANDED_SIZE) stop();
    };
    if (isScalar(node)) n += String(node.value ?? '').length;
    else if (isMap(node)) for (const p of node.items) { add(p.key); add(p.value); }
    else if (isSeq(node)) for (const item of node.items) add(item);
    else if (isPair(node)) { add(node.key); add(node.value); }
    else if (isAlias(node)) {
      lastAlias = node;
      add(node.resolve(doc));
    }
    if (n > MAX_EXPANDED_SIZE) stop();
    open.delete(node);
    memo.set(node, n);
    return n;
  };
  try {
    size(doc.contents);
    return undefined;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { message: err.message, offset: err.node?.range?.[0] ?? 0 };
  }
}

/**
 * Line and column of the node at `path`. With `key`, the position of the last map key
 * (for "unknown key" style issues). Falls back to the deepest node that exists.
 */
export function locate(loaded: LoadedYaml, path: DocPath, opts: { key?: boolean } = {}): { line: number; column: number } {
  let node: unknown = loaded.doc.contents;
  let best: unknown = node;
  for (let i = 0; i < path.length; i++) {
    node = deref(loaded, node);
    const seg = path[i]!;
    const last = i === path.length - 1;
    let next: unknown;
    if (isMap(node) && typeof seg === 'string') {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (pair !== undefined) {
        if (last && opts.key) next = pair.key;
        else next = pair.value ?? pair.key;
      }
    } else if (isSeq(node) && typeof seg === 'number') {
      next = node.items[seg];
    }
    if (next === undefined || next === null) break;
    node = next;
    best = next;
  }
  const range = (best as Node | null)?.range;
  const offset = range ? range[0] : 0;
  const pos = loaded.lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function deref(loaded: LoadedYaml, node: unknown): unknown {
  let n = node;
  for (let guard = 0; isAlias(n) && guard < 100; guard++) n = n.resolve(loaded.doc);
  return n;
}

export function issueAt(loaded: LoadedYaml, path: DocPath, message: string, opts: { key?: boolean } = {}): SchemaIssue {
  const { line, column } = locate(loaded, path, opts);
  return { file: loaded.file, line, column, path: pathToString(path), message };
}
