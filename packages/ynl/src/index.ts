/**
 * @nlkit/ynl: load a YNL (YAML netlink) schema, validate it against the metaschema of its
 * protocol and the semantic rules, and resolve it into the @nlkit/ir FamilyIR.
 */
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { FamilyIR } from '@nlkit/ir';
import { SchemaError, type SchemaIssue } from './errors.js';
import { parseYaml } from './load.js';
import { resolveFamily } from './resolve/index.js';
import type { FamilySpec } from './spec.js';
import { validateLoaded } from './validate.js';

export { SchemaError, formatIssue, type SchemaIssue } from './errors.js';
export { validateSchemaText } from './validate.js';
export { metaschemas } from './metaschema/index.js';

/** Parse, validate and resolve a schema given as text. Throws SchemaError on any issue. */
export function loadSchemaText(text: string, file = '<input>'): FamilyIR {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) throw new SchemaError(parsed.issues);
  const issues: SchemaIssue[] = validateLoaded(parsed.loaded);
  if (issues.length > 0) throw new SchemaError(issues);
  try {
    return resolveFamily(parsed.loaded.data as FamilySpec);
  } catch (err) {
    // Validation should have caught it; still report it the same way.
    if (err instanceof SchemaError) throw err;
    throw new SchemaError([{ file, line: 1, column: 1, path: '', message: `cannot resolve: ${(err as Error).message}` }]);
  }
}

export async function loadSchemaFile(path: string): Promise<FamilyIR> {
  return loadSchemaText(await readFile(path, 'utf8'), path);
}

export function loadSchemaFileSync(path: string): FamilyIR {
  return loadSchemaText(readFileSync(path, 'utf8'), path);
}
