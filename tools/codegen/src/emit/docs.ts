/**
 * Doc comments and identifiers. Schema text never becomes code: docs are sanitised so they
 * cannot end the comment they sit in, and every generated identifier comes from the registry.
 */
import type { JSDocStructure, OptionalKind } from 'ts-morph';

/** Text safe inside a `/** ... *\/` block: no comment terminator, plain newlines, no control characters. */
export function sanitizeDoc(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((l) => quoteAtNames(l.replace(/\s+$/, '')))
    .join('\n')
    .trim();
}

/**
 * Kernel-doc writes `@name` to refer to an attribute or operation (`the @group operation`);
 * TSDoc would read it as a block or inline tag and lose the text after it. Such names become
 * code spans (`` `@group` ``), which both TSDoc and TypeScript show as written. An `@` inside a
 * word (an e-mail address) or inside a code span is left alone.
 */
function quoteAtNames(line: string): string {
  let out = '';
  let inCode = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const name = c === '@' && !inCode && !/[\w.+-]/.test(line[i - 1] ?? '') ? /^@[A-Za-z][\w-]*/.exec(line.slice(i)) : null;
    if (name) {
      const text = name[0].replace(/-+$/, '');
      out += `\`${text}\``;
      i += text.length - 1;
      continue;
    }
    if (c === '`') inCode = !inCode;
    out += c;
  }
  return out;
}

/** One TSDoc block for ts-morph, or none when there is nothing to say. */
export function docs(...parts: Array<string | undefined>): OptionalKind<JSDocStructure>[] | undefined {
  const text = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map(sanitizeDoc).join('\n\n');
  return text === '' ? undefined : [{ description: text }];
}

/** A `/** ... *\/` comment as text (for object literal members written by hand). */
export function docComment(text: string | undefined, indent = ''): string {
  if (text === undefined || text.trim() === '') return '';
  const lines = sanitizeDoc(text).split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`;
}

/** A one-line comment: everything that could end the line or the comment is flattened. */
export function lineComment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\*\//g, '*\\/');
}

/** A string literal in code: always JSON, never interpolated. */
export function lit(s: string): string {
  // JSON is valid JS since ES2019; escape U+2028/9 anyway for older tooling.
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Global and imported names the generated code uses; schema-derived names never take them. */
const RESERVED = new Set([
  'Array', 'ReadonlyArray', 'Record', 'Partial', 'Pick', 'Omit', 'Extract', 'Exclude', 'Promise', 'PromiseLike',
  'AsyncGenerator', 'AsyncIterable', 'AsyncIterableIterator', 'Iterable', 'Uint8Array', 'ArrayBuffer', 'DataView',
  'PropertyKey', 'Object', 'String', 'Number', 'Boolean', 'BigInt', 'Symbol', 'Function', 'Error', 'Date', 'Map',
  'Set', 'WeakMap', 'JSON', 'Math', 'AbortSignal', 'Required', 'Readonly', 'NonNullable', 'ReturnType', 'Awaited',
  'Infinity', 'NaN', 'undefined', 'globalThis', 'Buffer', 'Intl', 'Reflect', 'Proxy', 'Iterator', 'Generator',
]);

/** Hands out unique identifiers in a fixed order, so the same IR always gets the same names. */
export class NameRegistry {
  private readonly taken = new Set<string>(RESERVED);

  /** `preferred`, or `preferred + suffix`, or `preferred + suffix + n`. */
  claim(preferred: string, suffix: string): string {
    if (!this.taken.has(preferred)) return this.take(preferred);
    for (let n = 1; ; n++) {
      const c = n === 1 ? `${preferred}${suffix}` : `${preferred}${suffix}${n}`;
      if (!this.taken.has(c)) return this.take(c);
    }
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  private take(n: string): string {
    this.taken.add(n);
    return n;
  }
}
