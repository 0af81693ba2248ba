// The coverage result as a table for people.

const pct = (n, d) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

/** Words joined with ", ", wrapped at `width` with `indent` on each continuation line. */
function wrap(words, indent, width = 110) {
  const lines = [];
  let line = '';
  for (const w of words) {
    const piece = line ? `${line}, ${w}` : w;
    if (line && indent.length + piece.length > width) {
      lines.push(`${line},`);
      line = w;
    } else line = piece;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

export function formatText(result, { include, version } = {}) {
  const out = [];
  out.push(`Schema coverage: uapi attributes our netlink-raw schemas name${include ? `, headers in ${include}` : ''}${version ? ` (uapi ${version})` : ''}.`);
  out.push('Counted: the entries of uapi attribute enums (closed by __P_MAX), without P_UNSPEC and reserved UNUSED ids.');
  out.push('"not in headers": schema attributes these headers have no name for (a newer or older kernel\'s, or misnamed).');
  out.push('');
  out.push(`${'family'.padEnd(10)} ${'named/uapi'.padStart(11)} ${'%'.padStart(6)}  ${'enums with a set'.padStart(16)}  not in headers`);
  for (const f of result.families) {
    out.push(`${f.family.padEnd(10)} ${`${f.named}/${f.total}`.padStart(11)} ${pct(f.named, f.total).padStart(6)}  ${`${f.enumsWithSet}/${f.enums}`.padStart(16)}  ${f.schemaOnly.length}`);
  }
  const all = result.families.reduce((a, f) => [a[0] + f.named, a[1] + f.total], [0, 0]);
  out.push(`${'all'.padEnd(10)} ${`${all[0]}/${all[1]}`.padStart(11)} ${pct(all[0], all[1]).padStart(6)}`);

  for (const f of result.families) {
    out.push('', `== ${f.family}: ${f.named}/${f.total} uapi attributes named (${pct(f.named, f.total)})`);
    const w = Math.max(...f.rows.map((r) => r.enum.length), 10);
    for (const r of f.rows) {
      const head = `  ${r.enum.padEnd(w)} ${`${r.named.length}/${r.total}`.padStart(7)}  ${r.header.padEnd(22)} ${r.sets.length ? r.sets.join(', ') : '(no attribute set)'}`;
      out.push(head);
      if (r.missing.length) {
        const names = r.missing.map((m) => (m.schemaName ? `${m.name} (the schema has "${m.schemaName}" at ${m.value})` : m.name));
        out.push(`      missing: ${wrap(names, '               ')}`);
      }
      if (r.leftOut.length) out.push(`      not counted: ${wrap(r.leftOut.map((x) => `${x.name} (${x.why})`), '                   ')}`);
    }
    if (f.schemaOnly.length) {
      out.push('  schema attributes with no uapi name in these headers (newer than they are, removed from them, or named otherwise):');
      out.push(`      ${wrap(f.schemaOnly.map((s) => `${s.set}.${s.attr} (${s.uapi})`), '      ')}`);
    }
    if (f.notCompared.length) {
      out.push('  sets not compared:');
      for (const s of f.notCompared) out.push(`      ${s.set}: ${s.reason}`);
    }
  }
  if (result.outside.length) {
    out.push('', '== uapi attribute enums in these headers that none of our families covers:');
    out.push(`      ${wrap(result.outside.map((o) => `${o.enum} (${o.header}, ${o.total})`), '      ')}`);
  }
  return `${out.join('\n')}\n`;
}
