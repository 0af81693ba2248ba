/** Drop keys whose value is undefined, so the IR is plain JSON with no undefined holes. */
export function clean<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Docs keep their text; only trailing whitespace (the YAML block's final newline) goes. */
export function docOf(doc: string | undefined): string | undefined {
  if (doc === undefined) return undefined;
  const d = doc.trimEnd();
  return d === '' ? undefined : d;
}
