// Reads attribute enums out of uapi C headers: `enum { P_UNSPEC, P_A, P_B = 5, __P_MAX };`.
// Only what uapi headers use is understood: comments, #-lines inside an enum body, and
// constant expressions of numbers, earlier constants, parentheses and + - * | & << >> ~.

/** Removes C comments, keeping line breaks so that nothing else moves. */
export function stripComments(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, '');
}

const TOKEN = /\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|\s*([A-Za-z_]\w*)|\s*(<<|>>|[-+*|&~()])/y;

/** Evaluates a constant expression; undefined when it uses anything unknown. */
export function evaluate(expr, scope) {
  const tokens = [];
  TOKEN.lastIndex = 0;
  let m;
  while (TOKEN.lastIndex < expr.length && (m = TOKEN.exec(expr))) {
    if (m[1] !== undefined) tokens.push({ num: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ name: m[2] });
    else tokens.push({ op: m[3] });
  }
  if (expr.slice(TOKEN.lastIndex).trim() !== '') return undefined;
  let i = 0;
  const BINARY = { '|': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5 };
  const unary = () => {
    const t = tokens[i++];
    if (!t) return undefined;
    if (t.num !== undefined) return t.num;
    if (t.name !== undefined) return scope.get(t.name);
    if (t.op === '(') {
      const v = binary(0);
      return tokens[i++]?.op === ')' ? v : undefined;
    }
    if (t.op === '-') return neg(unary());
    if (t.op === '~') return not(unary());
    return undefined;
  };
  const neg = (v) => (v === undefined ? undefined : -v);
  const not = (v) => (v === undefined ? undefined : ~v);
  const binary = (min) => {
    let left = unary();
    for (;;) {
      const op = tokens[i]?.op;
      const prec = op ? BINARY[op] : undefined;
      if (prec === undefined || prec < min) return left;
      i++;
      const right = binary(prec + 1);
      if (left === undefined || right === undefined) left = undefined;
      else if (op === '|') left = left | right;
      else if (op === '&') left = left & right;
      else if (op === '<<') left = left * 2 ** right;
      else if (op === '>>') left = Math.floor(left / 2 ** right);
      else if (op === '+') left = left + right;
      else if (op === '-') left = left - right;
      else left = left * right;
    }
  };
  const v = binary(0);
  return i === tokens.length ? v : undefined;
}

/**
 * Every enum of a header closed the uapi way: by `__P_MAX` (or `__P_CNT`, `__P_END`), or by a
 * `__P` entry followed by `P_MAX = __P - 1`. Returns [{ prefix: 'P_', header, kind, entries:
 * [{ name, value, aliases? }] }]: the entries before the closing one, without the `P_UNSPEC` at 0
 * and reserved `P_UNUSED<n>`; aliases are other names for an entry (`= OTHER`, `#define`).
 * `kind` is 'attributes' when the ids run 0, 1, 2, ... as attribute ids do, 'values' for bits
 * (1, 2, 4, ...) or entries named outside the prefix (TC_DUALPI2_* in __TCA_DUALPI2_..._MAX).
 * `constants` (name → value) is read and extended, so headers parsed in order can refer to each
 * other's constants.
 */
export function parseHeader(text, header, constants = new Map()) {
  const clean = stripComments(text);
  for (const d of clean.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]+)$/gm)) {
    const v = evaluate(d[2], constants);
    if (v !== undefined) constants.set(d[1], v);
  }
  const enums = [];
  for (const e of clean.matchAll(/\benum\b\s*(\w+)?\s*\{([^}]*)\}/g)) {
    const body = e[2].split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    const parts = [];
    let next = 0;
    for (const part of body.split(',')) {
      const m = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+?))?\s*$/.exec(part);
      if (!m) continue;
      const value = m[2] === undefined ? next : evaluate(m[2], constants);
      if (value !== undefined) constants.set(m[1], value);
      next = value === undefined ? undefined : value + 1;
      parts.push({ name: m[1], expr: m[2]?.trim(), value });
    }
    const at = parts.findIndex((p, i) => p.name.startsWith('__') && (/_(MAX|CNT|END)$/.test(p.name) || (i > 0 && (i === parts.length - 1 || /_MAX$/.test(parts[i + 1].name)))));
    if (at < 0) continue;
    const after = parts[at + 1];
    const prefix = after && /_MAX$/.test(after.name) && after.expr?.includes(parts[at].name)
      ? after.name.replace(/MAX$/, '')
      : `${parts[at].name.replace(/^__/, '').replace(/_?(MAX|CNT|END)$/, '')}_`;
    const entries = [];
    for (const p of parts.slice(0, at)) {
      // `IFLA_TARGET_NETNSID = IFLA_IF_NETNSID`: a second name for an entry, not an entry.
      const same = p.expr && entries.find((x) => x.name === p.expr);
      if (same) (same.aliases ??= []).push(p.name);
      // `__P_INVALID` and the like hold a place, as P_UNSPEC does.
      else if (!p.name.startsWith('__')) entries.push({ name: p.name, value: p.value });
    }
    const ids = parts.slice(0, at).filter((p) => !p.expr || !entries.some((x) => x.name === p.expr)).map((p) => p.value);
    const running = ids.every((v, i) => v === (i === 0 ? v : ids[i - 1] + 1)) && ids[0] !== undefined && ids[0] <= 1;
    const ownNames = entries.every((x) => x.name.split('_')[0] === prefix.split('_')[0]);
    enums.push({
      prefix,
      header,
      kind: running && ownNames ? 'attributes' : 'values',
      entries: entries.filter((x) => !(x.value === 0 && x.name.endsWith('_UNSPEC')) && !/_UNUSED\d*$/.test(x.name)),
    });
  }
  // `#define FRA_IFNAME FRA_IIFNAME`: another uapi name for an entry.
  const names = new Map(enums.flatMap((e) => e.entries.map((x) => [x.name, x])));
  for (const d of clean.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([A-Za-z_]\w*)[ \t]*$/gm)) {
    const x = names.get(d[2]);
    if (x) (x.aliases ??= []).push(d[1]);
  }
  return enums;
}
