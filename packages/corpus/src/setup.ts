/**
 * Runs the scenario in a namespace: every step is tried, and what the kernel refused is kept
 * with its words, so the summary says which kinds this kernel made and which it lacks.
 */
import { execFileSync } from 'node:child_process';
import { SCENARIO, type Step } from './scenario.js';

export interface StepResult {
  step: Step;
  status: 'made' | 'refused' | 'skipped';
  /** For refused: the command and the tool's first line of error; for skipped: the missing step. */
  reason?: string;
}

/** Runs one scenario command inside `netns`. Throws with the tool's stderr. */
export function runInNetns(netns: string, argv: string[]): string {
  const [tool, ...args] = argv;
  const cmd = tool === 'sysctl' ? ['ip', 'netns', 'exec', netns, 'sysctl', ...args] : [tool!, '-n', netns, ...args];
  try {
    return execFileSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why = (e.stderr ?? '').trim().split('\n').filter(Boolean).slice(0, 2).join(' / ') || e.message;
    throw new Error(`${argv.join(' ')}: ${why}`);
  }
}

export function runScenario(netns: string, steps: Step[] = SCENARIO): StepResult[] {
  const made = new Set<string>();
  const results: StepResult[] = [];
  for (const step of steps) {
    const missing = (step.needs ?? []).filter((n) => !made.has(n));
    if (missing.length) {
      results.push({ step, status: 'skipped', reason: `needs ${missing.join(', ')}` });
      continue;
    }
    try {
      for (const argv of step.cmds) runInNetns(netns, argv);
      made.add(step.id);
      results.push({ step, status: 'made' });
    } catch (err) {
      results.push({ step, status: 'refused', reason: (err as Error).message });
    }
  }
  return results;
}

/** A short text: per group, the kinds made and the kinds this kernel refused. */
export function summarize(results: StepResult[]): string {
  const groups = new Map<string, { made: string[]; missing: string[] }>();
  for (const r of results) {
    const g = groups.get(r.step.group) ?? { made: [], missing: [] };
    groups.set(r.step.group, g);
    const name = r.step.kind ?? r.step.id;
    if (r.status === 'made') g.made.push(name);
    else g.missing.push(`${name} (${r.status === 'skipped' ? r.reason : `refused: ${shortReason(r.reason)}`})`);
  }
  const lines: string[] = [];
  for (const [group, g] of groups) {
    lines.push(`${group}: made ${g.made.length}: ${[...new Set(g.made)].join(', ') || '-'}`);
    if (g.missing.length) lines.push(`  not made ${g.missing.length}: ${g.missing.join(', ')}`);
  }
  return lines.join('\n');
}

/** The tool's words without the command line: `Error: Unknown device type.` → `Unknown device type`. */
function shortReason(reason = ''): string {
  const first = reason.split(' / ')[0]!;
  return first.slice(first.lastIndexOf(': ') + 2).replace(/^Error: /, '').replace(/\.$/, '').slice(0, 60);
}
