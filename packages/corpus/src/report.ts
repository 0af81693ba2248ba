import type { Finding } from './scan.js';

/** All findings as one text, grouped by where they were found, for one failure message. */
export function formatFindings(findings: Finding[]): string {
  const lines = findings.map((f) => `- ${f.where}${f.path ? ` ${f.path}` : ''}: ${f.what}`);
  return `${findings.length} finding(s):\n${lines.join('\n')}`;
}
