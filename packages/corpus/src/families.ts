/** The rtnetlink families the corpus covers, by spec name. */
import type { FamilyRuntime } from '@nlkit/core';
import { rtLinkRuntime } from '@nlkit/rt-link';
import { rtAddrRuntime } from '@nlkit/rt-addr';
import { rtRouteRuntime } from '@nlkit/rt-route';
import { rtNeighRuntime } from '@nlkit/rt-neigh';
import { rtRuleRuntime } from '@nlkit/rt-rule';
import { tcRuntime } from '@nlkit/tc';

export type FamilyName = 'rt-link' | 'rt-addr' | 'rt-route' | 'rt-neigh' | 'rt-rule' | 'tc';

// The generated runtimes are FamilyRuntimes typed over their family; the corpus handles any
// family's plain objects, so it uses the untyped face.
export const RUNTIMES: Record<FamilyName, FamilyRuntime> = {
  'rt-link': rtLinkRuntime as unknown as FamilyRuntime,
  'rt-addr': rtAddrRuntime as unknown as FamilyRuntime,
  'rt-route': rtRouteRuntime as unknown as FamilyRuntime,
  'rt-neigh': rtNeighRuntime as unknown as FamilyRuntime,
  'rt-rule': rtRuleRuntime as unknown as FamilyRuntime,
  tc: tcRuntime as unknown as FamilyRuntime,
};

export function runtimeOf(family: string): FamilyRuntime {
  const r = RUNTIMES[family as FamilyName];
  if (!r) throw new Error(`the corpus has no family ${family}`);
  return r;
}
