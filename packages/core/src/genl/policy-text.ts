/**
 * One attribute policy in words (`u32 range 0..255`, `nul-string max length 16`): the one
 * formatter behind NetlinkError's message, `nlkit policy` and the CLI's error report.
 */
import type { AttrPolicy } from '../wire/policy.js';

export function describePolicy(p: AttrPolicy): string {
  const parts: string[] = [p.type ?? 'unknown'];
  if (p.minValue !== undefined || p.maxValue !== undefined) parts.push(`range ${p.minValue ?? ''}..${p.maxValue ?? ''}`);
  if (p.minLength !== undefined && p.maxLength !== undefined) parts.push(p.minLength === p.maxLength ? `length ${p.minLength}` : `length ${p.minLength}..${p.maxLength}`);
  else if (p.maxLength !== undefined) parts.push(`max length ${p.maxLength}`);
  else if (p.minLength !== undefined) parts.push(`min length ${p.minLength}`);
  if (p.mask !== undefined) parts.push(`mask 0x${BigInt(p.mask).toString(16)}`);
  if (p.bitfield32Mask !== undefined) parts.push(`valid bits 0x${p.bitfield32Mask.toString(16)}`);
  if (p.policyIndex !== undefined) parts.push(`→ policy ${p.policyIndex}${p.policyMaxType !== undefined ? ` (max type ${p.policyMaxType})` : ''}`);
  return parts.join(' ');
}
