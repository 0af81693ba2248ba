/**
 * Validation: metaschema (chosen by `protocol:`) first, then the semantic checks. Both report
 * issues with file:line:column, found through the YAML document's source ranges.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Protocol } from '@nlkit/ir';
import type { DocPath, SchemaIssue } from './errors.js';
import { sortIssues } from './errors.js';
import { issueAt, parseYaml, type LoadedYaml } from './load.js';
import { metaschemas, PROTOCOLS } from './metaschema/index.js';
import { semanticIssues } from './semantic.js';

let ajv: Ajv | undefined;
const compiled = new Map<Protocol, ValidateFunction>();

function validatorFor(protocol: Protocol): ValidateFunction {
  let v = compiled.get(protocol);
  if (v === undefined) {
    ajv ??= new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    v = ajv.compile(metaschemas[protocol]);
    compiled.set(protocol, v);
  }
  return v;
}

/** The protocol a parsed document declares (`genetlink` when it says nothing). */
export function protocolOf(data: unknown): Protocol | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const p = (data as Record<string, unknown>).protocol;
  if (p === undefined) return 'genetlink';
  return PROTOCOLS.includes(p as Protocol) ? (p as Protocol) : undefined;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return JSON.stringify(v);
}

function valueAt(data: unknown, path: DocPath): unknown {
  let v = data;
  for (const seg of path) v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function ajvIssue(loaded: LoadedYaml, e: ErrorObject): SchemaIssue | undefined {
  const path: DocPath = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  const value = valueAt(loaded.data, path);
  switch (e.keyword) {
    case 'if':
      return undefined; // the failing `then` branch reports the real problem
    case 'additionalProperties':
      return issueAt(loaded, [...path, String(p.additionalProperty)], `unknown key "${String(p.additionalProperty)}"`, { key: true });
    case 'required':
      return issueAt(loaded, path, `missing required key "${String(p.missingProperty)}"`);
    case 'type': {
      const want = Array.isArray(p.type) ? (p.type as string[]).join(' or ') : String(p.type);
      return issueAt(loaded, path, `must be of type ${want}, got ${describe(value)}`);
    }
    case 'enum':
      return issueAt(loaded, path, `${describe(value)} is not one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}`);
    case 'pattern':
      return issueAt(loaded, path, `${describe(value)} does not match ${String(p.pattern)}`);
    default:
      return issueAt(loaded, path, e.message ?? `failed ${e.keyword}`);
  }
}

/** Issues of a parsed document: metaschema, then (only if that passed) semantic checks. */
export function validateLoaded(loaded: LoadedYaml): SchemaIssue[] {
  const data = loaded.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return [issueAt(loaded, [], 'a YNL schema must be a YAML map')];
  }
  const protocol = protocolOf(data);
  if (protocol === undefined) {
    const p = (data as Record<string, unknown>).protocol;
    return [issueAt(loaded, ['protocol'], `unknown protocol ${describe(p)}; expected one of: ${PROTOCOLS.join(', ')}`)];
  }
  const validate = validatorFor(protocol);
  if (!validate(data)) {
    const issues = (validate.errors ?? []).map((e) => ajvIssue(loaded, e)).filter((i): i is SchemaIssue => i !== undefined);
    return sortIssues(issues);
  }
  return sortIssues(semanticIssues(loaded, protocol));
}

/** Parse and validate a schema text; an empty list means it can be resolved. */
export function validateSchemaText(text: string, file = '<input>'): SchemaIssue[] {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return parsed.issues;
  return validateLoaded(parsed.loaded);
}
