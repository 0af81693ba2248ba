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
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100_000 });
  } catch (err) {
    return { ok: false, issues: [{ file, line: 1, column: 1, path: '', message: `YAML: ${(err as Error).message}` }] };
  }
  return { ok: true, loaded: { file, doc, lineCounter, data } };
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
