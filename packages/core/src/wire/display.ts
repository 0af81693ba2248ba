/** Display hints: MAC and IP addresses as text, and back. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function formatMac(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? ':' : '') + HEX[b[i]!];
  return s;
}

export function formatHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

export function formatIpv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** The IPv4 address at buf[at, at + 4), without copying it out first. */
export function formatIpv4At(buf: Uint8Array, at: number): string {
  return `${buf[at]}.${buf[at + 1]}.${buf[at + 2]}.${buf[at + 3]}`;
}

/**
 * RFC 5952 text: lower case, the longest run of two or more zero groups (the first of equal
 * runs) as `::`, IPv4-mapped addresses as `::ffff:a.b.c.d`. Written without arrays: link and
 * route dumps format thousands of these, mostly before the JIT has optimised anything.
 */
export function formatIpv6(b: Uint8Array): string {
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if (b[2 * i] !== 0 || b[2 * i + 1] !== 0) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    const len = i - runStart + 1;
    if (len > bestLen && len >= 2) {
      bestStart = runStart;
      bestLen = len;
    }
  }
  if (bestStart === 0 && bestLen === 5 && b[10] === 0xff && b[11] === 0xff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  let s = '';
  let colon = false;
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += '::';
      i += bestLen - 1;
      colon = false;
      continue;
    }
    if (colon) s += ':';
    s += ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16);
    colon = true;
  }
  return s;
}

export function formatUuid(b: Uint8Array): string {
  const h = formatHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An address by its length: 4 bytes IPv4, 16 bytes IPv6, anything else hex. */
export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return formatIpv4(b);
  if (b.length === 16) return formatIpv6(b);
  return formatHex(b);
}

export function parseMac(s: string): Uint8Array | undefined {
  const parts = s.split(/[:-]/);
  if (parts.length < 1 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) return undefined;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** Dotted-quad IPv4 text: four groups of 1–3 ASCII digits, each at most 255 (leading zeros allowed). */
export function parseIpv4(s: string): Uint8Array | undefined {
  // A character loop rather than a regex: every route request goes through here.
  if (s.length < 7 || s.length > 15) return undefined;
  const out = new Uint8Array(4);
  let part = 0;
  let digits = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return undefined;
      n = n * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && part < 3) {
      if (n > 255) return undefined;
      out[part++] = n;
      digits = 0;
      n = 0;
    } else return undefined;
  }
  if (part !== 3 || digits === 0 || n > 255) return undefined;
  out[3] = n;
  return out;
}

export function parseIpv6(s: string): Uint8Array | undefined {
  let text = s;
  let tail: number[] = [];
  const v4 = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4) {
    const b = parseIpv4(v4[1]!);
    if (!b) return undefined;
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    text = text.slice(0, -v4[1]!.length) + (text.endsWith('::' + v4[1]) ? '' : '0');
    if (text.endsWith(':0')) text = text.slice(0, -2);
    else if (!text.endsWith('::')) return undefined;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const gs = h.split(':');
    if (gs.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return gs.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const total = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (total > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - total).fill(0), ...rest, ...tail];
  } else {
    if (total !== 8) return undefined;
    groups = [...head, ...tail];
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

/** IPv4 or IPv6 text. */
export function parseIp(s: string): Uint8Array | undefined {
  return s.includes(':') ? parseIpv6(s) : parseIpv4(s);
}

export function parseHex(s: string): Uint8Array | undefined {
  const clean = s.replace(/[:\s]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function parseUuid(s: string): Uint8Array | undefined {
  const clean = s.replace(/-/g, '');
  return clean.length === 32 ? parseHex(clean) : undefined;
}
