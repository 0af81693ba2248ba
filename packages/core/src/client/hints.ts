/**
 * One-line hints for the classic mistakes, worked out from the request that failed and the
 * kernel's errno: a `new*` request without the create flag, a `del*`/`get*` whose selectors
 * matched nothing. A hint is a guess that helps; it never changes the error itself.
 */
import { NLM_F_CREATE } from '../wire/constants.js';

export interface HintContext {
  /** Family name, e.g. 'rt-route'. */
  family: string;
  /** Operation name, e.g. 'delroute'. */
  op: string;
  /** nlmsghdr flags the request was sent with (NLM_F_REQUEST/ACK aside). */
  flags: number;
  /** The request, normalised (camelCase, fixed header under `header`). */
  request: unknown;
  /** errno name, e.g. 'ENODEV'. */
  code: string;
}

type Rule = (c: HintContext) => string | undefined;

/** `newlink`, `new-flow`, `table-new`... */
const isNew = (op: string) => /^new|[-_]new([-_]|$)/.test(op);
const isDel = (op: string) => /^del|[-_]del(ete)?([-_]|$)/.test(op);
const isGet = (op: string) => /^get|[-_]get([-_]|$)/.test(op);

function header(request: unknown): Record<string, unknown> {
  const h = typeof request === 'object' && request !== null ? (request as Record<string, unknown>).header : undefined;
  return typeof h === 'object' && h !== null ? (h as Record<string, unknown>) : {};
}

/** The fields a request gave (header members as header.x), for "you gave: ..." lists. */
function given(request: unknown): string[] {
  if (typeof request !== 'object' || request === null) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(request as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (k === 'header' && typeof v === 'object' && v !== null) {
      for (const [m, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined && x !== 0) out.push(`header.${m}`);
    } else out.push(k);
  }
  return out;
}

const RULES: Rule[] = [
  // rtnetlink answers ENODEV (links) or ENOENT (addresses, routes, rules, qdiscs...) when a
  // new* request without NLM_F_CREATE finds nothing to change.
  (c) => {
    if (!isNew(c.op) || (c.flags & NLM_F_CREATE) !== 0 || (c.code !== 'ENODEV' && c.code !== 'ENOENT')) return undefined;
    return `${c.op} without the create flag only changes an existing object, and none matched; to make one, send it with flags ['create', 'excl'] (CLI: --flags create,excl), or ['create', 'replace'] to create or replace`;
  },
  // IPv4 routes are deleted by scope too: scope 0 (universe, the default) misses link and
  // host routes; `ip route del` sends RT_SCOPE_NOWHERE, which matches any scope.
  (c) => {
    if (c.family !== 'rt-route' || c.op !== 'delroute' || (c.code !== 'ESRCH' && c.code !== 'ENOENT')) return undefined;
    const h = header(c.request);
    const fam = h.rtmFamily;
    if (fam !== undefined && fam !== 2 && fam !== 'inet') return undefined;
    const scope = h.rtmScope;
    if (scope === 255 || scope === 'nowhere') return undefined;
    return `delroute matched no route: IPv4 routes are matched by scope too, and header.rtmScope ${scope === undefined ? 'left out is 0 (universe)' : `${String(scope)} must equal the route's`}; send rtmScope: 'nowhere' (255) to match any scope, as ip route del does (and table when the route is not in main)`;
  },
  // ENODEV: links (and what hangs off them) looked up by a name or index that is not there.
  (c) => {
    if ((!isDel(c.op) && !isGet(c.op)) || (c.code !== 'ESRCH' && c.code !== 'ENOENT' && c.code !== 'ENODEV')) return undefined;
    const fields = given(c.request);
    return `${c.op} matched nothing: each field given must match the object${fields.length ? ` (given: ${fields.join(', ')})` : ''}; check them against a dump, and add the selectors that tell it apart (table, scope, family...)`;
  },
];

/** The first hint that fits, or undefined. */
export function hintFor(c: HintContext): string | undefined {
  for (const rule of RULES) {
    const h = rule(c);
    if (h) return h;
  }
  return undefined;
}
