/** One problem found in a schema, pinned to a place in its source. */
export interface SchemaIssue {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Where in the document, e.g. `attribute-sets[2].attributes[5].type` (empty for the root). */
  path: string;
  message: string;
}

export function formatIssue(i: SchemaIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path === '' ? '(root)' : i.path}: ${i.message}`;
}

/** Thrown when a schema cannot be loaded: YAML syntax, metaschema or semantic errors. */
export class SchemaError extends Error {
  readonly issues: SchemaIssue[];

  constructor(issues: SchemaIssue[]) {
    const head = issues.length === 1 ? 'invalid YNL schema' : `invalid YNL schema (${issues.length} issues)`;
    super(`${head}:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'SchemaError';
    this.issues = issues;
  }
}

/** A path into the document: map keys and sequence indexes. */
export type DocPath = ReadonlyArray<string | number>;

export function pathToString(path: DocPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

export function sortIssues(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  const out: SchemaIssue[] = [];
  for (const i of issues) {
    const k = formatIssue(i);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(i);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
