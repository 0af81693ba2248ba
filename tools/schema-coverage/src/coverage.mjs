// Compares schema attribute sets with uapi attribute enums, by uapi name: attribute `foo` of a
// set with name-prefix `ifla-br-` names IFLA_BR_FOO. Each set is read with the prefix that
// names the most uapi attributes (a table entry; else its name-prefix or a guess from its name,
// or a shorter form of either; the longest wins a tie); the uapi enum holding most of those is the set's home. An attribute
// whose prefixed name is not in uapi still names the home entry with its id when that entry's
// name ends in the attribute's (TCA_TAPRIO_PAD for taprio's `pad`, where the rest are
// TCA_TAPRIO_ATTR_*).
import { cName } from './schemas.mjs';

const label = (e) => `${e.prefix}*`;

/** `A_B_C_` → [`A_B_C_`, `A_B_`, `A_`]: a prefix and its shorter forms. */
function shorter(prefix) {
  const words = prefix.split('_').filter(Boolean);
  const out = [];
  for (let n = words.length; n >= 1; n--) out.push(`${words.slice(0, n).join('_')}_`);
  return out;
}

function candidates(family, set, config) {
  const key = `${family}/${set.name}`;
  if (Object.hasOwn(config.setPrefix, key)) return config.setPrefix[key];
  const out = set.prefix ? shorter(cName(set.prefix)) : [];
  const base = cName(set.name.replace(/-attrs$/, ''));
  for (const g of config.guessPrefix[family] ?? []) out.push(...shorter(`${g}${base}_`).filter((p) => p.length > g.length));
  return out;
}

/**
 * enums: [{ prefix, header, extra?, entries: [{ name, value, aliases? }] }] from parseHeader
 * (extra: from a header outside issue #16's list); schemas: [{ family, sets }] from schemaSets;
 * config: { families, notAttributes, setPrefix, guessPrefix, elsewhere? } (see config.mjs).
 */
export function computeCoverage(enums, schemas, config) {
  const elsewhere = config.elsewhere ?? {};
  enums = enums.map((e) => ({ ...e, entries: e.entries.filter((x) => !Object.hasOwn(elsewhere, x.name)), leftOut: e.entries.filter((x) => Object.hasOwn(elsewhere, x.name)) }));
  const byName = new Map(); // uapi name or alias → { e, x }
  const byPrefix = new Map();
  for (const e of enums) {
    byPrefix.set(e.prefix, e);
    for (const x of e.entries) for (const n of [x.name, ...(x.aliases ?? [])]) byName.set(n, { e, x });
  }
  const order = new Map(enums.map((e, i) => [e, i]));
  const claimed = new Set(); // enums some set names

  const families = schemas.map(({ family, sets }) => {
    const rows = new Map(); // enum → { sets, named, unmatched }
    const row = (e) => {
      if (!rows.has(e)) rows.set(e, { sets: new Set(), named: new Set(), unmatched: [] });
      return rows.get(e);
    };
    const notCompared = [];
    const schemaOnly = [];
    for (const set of sets) {
      const cands = candidates(family, set, config);
      if (!Array.isArray(cands) && typeof cands === 'object') {
        notCompared.push({ set: set.name, reason: cands.skip });
        continue;
      }
      if (cands.length === 0) {
        notCompared.push({ set: set.name, reason: 'no name-prefix, and no entry in the tool\'s table (tools/schema-coverage/src/config.mjs)' });
        continue;
      }
      let best;
      for (const prefix of [cands].flat()) {
        const attrs = set.attrs.map((a) => ({ ...a, uapi: `${prefix}${cName(a.name)}` }));
        const hits = attrs.filter((a) => byName.has(a.uapi)).length;
        if (!best || hits > best.hits) best = { prefix, attrs, hits };
      }
      const counts = new Map();
      for (const a of best.attrs) {
        const hit = byName.get(a.uapi);
        if (hit) counts.set(hit.e, (counts.get(hit.e) ?? 0) + 1);
      }
      const home = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? byPrefix.get(best.prefix);
      for (const a of best.attrs) {
        let hit = byName.get(a.uapi);
        if (!hit && home) {
          const x = home.entries.find((y) => y.value === a.value && y.name.endsWith(`_${cName(a.name)}`));
          if (x) hit = { e: home, x };
        }
        if (hit) {
          const r = row(hit.e);
          r.sets.add(set.name);
          r.named.add(hit.x.name);
          claimed.add(hit.e);
        } else {
          schemaOnly.push({ set: set.name, attr: a.name, value: a.value, uapi: a.uapi });
          if (home) row(home).unmatched.push(a);
        }
      }
      if (home) {
        row(home).sets.add(set.name);
        claimed.add(home);
      }
    }
    return { family, rows, notCompared, schemaOnly };
  });

  // Enums no set names: under the family that claims them, or outside our families.
  const outside = [];
  for (const e of enums) {
    if (claimed.has(e) || e.kind === 'values' || config.notAttributes.includes(e.prefix) || e.entries.length === 0) continue;
    const owner = Object.entries(config.families).find(([, res]) => res.some((re) => re.test(e.prefix)))?.[0];
    const fam = families.find((f) => f.family === owner);
    if (fam) fam.rows.set(e, { sets: new Set(), named: new Set(), unmatched: [] });
    else if (!e.extra) outside.push({ enum: label(e), header: e.header, total: e.entries.length });
  }

  return {
    families: families.map(({ family, rows, notCompared, schemaOnly }) => {
      const list = [...rows]
        .sort((a, b) => order.get(a[0]) - order.get(b[0]))
        .map(([e, r]) => ({
          enum: label(e),
          header: e.header,
          sets: [...r.sets],
          total: e.entries.length,
          leftOut: e.leftOut.map((x) => ({ name: x.name, why: elsewhere[x.name] })),
          named: e.entries.filter((x) => r.named.has(x.name)).map((x) => x.name),
          missing: e.entries
            .filter((x) => !r.named.has(x.name))
            .map((x) => {
              const same = r.unmatched.find((a) => a.value === x.value);
              return same ? { name: x.name, value: x.value, schemaName: same.name } : { name: x.name, value: x.value };
            }),
        }));
      const total = list.reduce((n, r) => n + r.total, 0);
      const named = list.reduce((n, r) => n + r.named.length, 0);
      return { family, total, named, enums: list.length, enumsWithSet: list.filter((r) => r.sets.length).length, rows: list, schemaOnly, notCompared };
    }),
    outside,
  };
}
