/**
 * @nlkit/ynl (YAML parsing and JSON Schema validation) is the heaviest thing the CLI can load,
 * and a family whose IR is in the cache does not need it: it is imported on first use only.
 */
type Ynl = typeof import('@nlkit/ynl');

let loaded: Ynl | undefined;

export async function ynl(): Promise<Ynl> {
  loaded ??= await import('@nlkit/ynl');
  return loaded;
}

/** The module if something already imported it (a SchemaError can only come from it then). */
export function ynlIfLoaded(): Ynl | undefined {
  return loaded;
}
