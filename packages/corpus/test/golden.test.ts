/**
 * The captured corpus, replayed without root: every golden message decodes to the form saved
 * with it and re-encodes to the captured bytes. A schema change that alters a decoded form
 * shows here; re-capture with `NLKIT_UPDATE_CORPUS=1` (as root) once the change is meant.
 */
import { describe, expect, it } from 'vitest';
import { decodeCaptured, formatFindings, readGoldens, roundTrip, scanDecoded, toJson, type Finding } from '../src/index.js';

describe('capture corpus goldens (no root needed)', () => {
  const goldens = readGoldens();

  it('has golden files for every family the corpus covers', () => {
    const families = new Set(goldens.map((g) => g.family));
    expect([...families].sort()).toEqual(['rt-addr', 'rt-link', 'rt-neigh', 'rt-route', 'rt-rule', 'tc']);
  });

  it('decodes each message to its saved form, with no guess, and re-encodes it to the same bytes', () => {
    const findings: Finding[] = [];
    let messages = 0;
    for (const g of goldens) {
      g.messages.forEach((m, i) => {
        messages++;
        const where = `${g.name} #${i}`;
        const bytes = Uint8Array.from(Buffer.from(m.hex, 'hex'));
        let decoded: unknown;
        try {
          decoded = decodeCaptured(g.family, g.op, bytes);
        } catch (err) {
          findings.push({ where, path: '', what: `does not decode: ${(err as Error).message}` });
          return;
        }
        if (m.decoded === undefined) findings.push({ where, path: '', what: 'decodes now but did not when captured: re-capture (NLKIT_UPDATE_CORPUS=1)' });
        else if (JSON.stringify(toJson(decoded)) !== JSON.stringify(m.decoded)) {
          findings.push({ where, path: '', what: `decodes to another form than the saved one: re-capture if the schema change is meant (${firstDifference(toJson(decoded), m.decoded)})` });
        }
        findings.push(...scanDecoded(decoded, where));
        findings.push(...roundTrip(g, decoded, bytes, where));
      });
    }
    expect(messages).toBeGreaterThan(0);
    if (findings.length) throw new Error(formatFindings(findings));
  });
});

/** The first path where two JSON values differ, for a short finding. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (JSON.stringify(a) === JSON.stringify(b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const d = firstDifference((a as any)[k], (b as any)[k], `${path}.${k}`);
      if (d) return d;
    }
    return `${path}: key order`;
  }
  return `${path || '(root)'}: now ${JSON.stringify(a)?.slice(0, 60)}, saved ${JSON.stringify(b)?.slice(0, 60)}`;
}
