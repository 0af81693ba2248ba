/**
 * iproute2's JSON, read so that nothing it prints is lost: tc prints one `"match"` key per u32
 * key in the same object, and JSON.parse keeps only the last. Here a key printed again turns
 * into an array of every value, in order.
 */

export function parseIprouteJson(text: string): unknown {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`iproute2 JSON: ${what} at offset ${i}: ${text.slice(Math.max(0, i - 20), i + 20)}`);
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      const repeated = new Set<string>();
      ws();
      if (text[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        const k = value();
        if (typeof k !== 'string') fail('expected a key');
        ws();
        if (text[i++] !== ':') fail('expected :');
        const v = value();
        const key = k as string;
        if (!(key in out)) out[key] = v;
        else if (repeated.has(key)) (out[key] as unknown[]).push(v);
        else {
          out[key] = [out[key], v];
          repeated.add(key);
        }
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return out;
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return out;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      return JSON.parse(text.slice(start, i));
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 40));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const v = value();
  ws();
  if (i < text.length) fail('trailing text');
  return v;
}

/** Every `[ ... ]` document in `text` (tc prints one per device in some commands), concatenated. */
export function parseIprouteJsonList(text: string): any[] {
  const t = text.trim();
  if (!t) return [];
  const v = parseIprouteJson(t);
  return Array.isArray(v) ? v : [v];
}
