// The results chart: one bar per target row, its measured ratio against the target (a tick),
// green when met and red when not. Plain SVG text, no dependencies.
//
//   ratioChart([{ label, value, limit, better: 'lower'|'higher', met }], { title }) -> string

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x) => (Number.isFinite(x) ? (x >= 10 ? x.toFixed(1) : x.toFixed(2)) : '–');

export function ratioChart(rows, { title = 'nlkit / peer: measured ratio and target' } = {}) {
  const labelW = 430;
  const plotW = 420;
  const valueW = 150;
  const rowH = 30;
  const top = 56;
  const width = labelW + plotW + valueW;
  const height = top + rows.length * rowH + 40;
  // One linear scale for every row, wide enough for every target and value (capped, so one
  // far-off value does not squash the rest; a capped bar ends in an arrow).
  const finite = rows.flatMap((r) => [r.limit, r.value]).filter(Number.isFinite);
  const max = Math.min(8, Math.max(2, ...finite) * 1.1);
  const x = (v) => labelW + (Math.min(v, max) / max) * plotW;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="13">`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="16" y="24" font-size="16" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="16" y="42" fill="#555">bar: measured ratio; black tick: target (lower is better unless marked ≥)</text>`);
  // Grid: one line per whole ratio.
  for (let g = 0; g <= Math.floor(max); g++) {
    out.push(`<line x1="${x(g)}" y1="${top - 6}" x2="${x(g)}" y2="${top + rows.length * rowH}" stroke="#ddd"/>`);
    out.push(`<text x="${x(g)}" y="${top + rows.length * rowH + 16}" text-anchor="middle" fill="#555">${g}×</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const fill = r.met === undefined ? '#999' : r.met ? '#2e9e44' : '#d0342c';
    out.push(`<text x="${labelW - 10}" y="${y + 19}" text-anchor="end">${esc(r.label)}</text>`);
    if (Number.isFinite(r.value)) {
      out.push(`<rect x="${labelW}" y="${y + 7}" width="${Math.max(1, x(r.value) - labelW)}" height="16" fill="${fill}"/>`);
      if (r.value > max) out.push(`<path d="M${x(max)} ${y + 3} l8 12 l-8 12 z" fill="${fill}"/>`);
    }
    if (Number.isFinite(r.limit)) out.push(`<line x1="${x(r.limit)}" y1="${y + 2}" x2="${x(r.limit)}" y2="${y + 28}" stroke="#000" stroke-width="2"/>`);
    const verdict = r.met === undefined ? 'no figure' : r.met ? 'met' : 'not met';
    out.push(`<text x="${labelW + plotW + 10}" y="${y + 19}">${num(r.value)} (${r.better === 'higher' ? '≥' : '≤'} ${num(r.limit)}) ${verdict}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
