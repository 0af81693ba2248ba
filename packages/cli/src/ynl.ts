/**
 * @nlkit/ynl (YAML parsing and JSON Schema validation) is the heaviest thing the CLI can load,
 * and a family whose IR is in the cache does not need it: it is imported on first use only.
 */
type Ynl = typeof import('@nlkit/ynl');

let loaded: Ynl | undefined;
let importer: () => Promise<Ynl> = () => import('@nlkit/ynl');

/**
 * How to import @nlkit/ynl. The bin runs the CLI as a CommonJS bundle (so V8 can cache its
 * compiled code), where `import()` of an ES module is not available: the bin passes its own.
 */
export function useYnlImporter(f: () => Promise<Ynl>): void {
  importer = f;
}

export async function ynl(): Promise<Ynl> {
  loaded ??= await importer();
  return loaded;
}

/** The module if something already imported it (a SchemaError can only come from it then). */
export function ynlIfLoaded(): Ynl | undefined {
  return loaded;
}
