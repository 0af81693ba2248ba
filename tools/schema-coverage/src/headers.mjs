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
 * Every enum of a header closed by a `__P_MAX` (or `__P_CNT`, `__P_END`) entry, the uapi way of
 * ending an attribute enum. Returns [{ prefix: 'P_', header, entries: [{ name, value, aliases? }] }]:
 * the entries before the closing one, without the `P_UNSPEC` at 0 and reserved `P_UNUSED<n>`;
 * aliases are other names `#define`d for an entry. `constants` (name → value) is read and extended, so
 * headers parsed in order can refer to each other's constants.
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
    const entries = [];
    let next = 0;
    let close;
    for (const part of body.split(',')) {
      const m = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([\s\S]+?))?\s*$/.exec(part);
      if (!m) continue;
      const value = m[2] === undefined ? next : evaluate(m[2], constants);
      if (value !== undefined) constants.set(m[1], value);
      next = value === undefined ? undefined : value + 1;
      close = /^__(\w+?)_(MAX|CNT|END)$/.exec(m[1]);
      if (close) break;
      // `IFLA_TARGET_NETNSID = IFLA_IF_NETNSID`: a second name for an entry, not an entry.
      const same = m[2] && entries.find((x) => x.name === m[2].trim());
      if (same) (same.aliases ??= []).push(m[1]);
      // `__P_INVALID` and the like hold a place, as P_UNSPEC does.
      else if (!m[1].startsWith('__')) entries.push({ name: m[1], value });
    }
    if (!close) continue;
    enums.push({
      prefix: `${close[1]}_`,
      header,
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
