// Reads the attribute sets of a YNL schema: each set's name, its name-prefix and its
// attributes with their ids. Subsets are left out: their names are the parent's.
import { parse } from 'yaml';

/** `ifla-br-` → `IFLA_BR_`: a YNL name as the C constant it stands for. */
export const cName = (ynl) => ynl.toUpperCase().replace(/-/g, '_');

/** { family, protocol, sets: [{ name, prefix?, attrs: [{ name, value }] }] } of one schema text. */
export function schemaSets(text) {
  const doc = parse(text, { merge: true, maxAliasCount: -1 });
  const sets = [];
  for (const set of doc['attribute-sets'] ?? []) {
    if (set['subset-of']) continue;
    let next = 1; // YNL: attribute ids start at 1 unless given
    const attrs = [];
    for (const a of set.attributes ?? []) {
      const value = typeof a.value === 'number' ? a.value : next;
      next = value + 1;
      attrs.push({ name: a.name, value });
    }
    sets.push({ name: set.name, prefix: set['name-prefix'], attrs });
  }
  return { family: doc.name, protocol: doc.protocol ?? 'genetlink', sets };
}
