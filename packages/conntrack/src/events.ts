/** What a conntrack notification means: ctnetlink sends creations and updates with one message type. */
import { NLM_F_CREATE, NLM_F_EXCL } from '@nlkit/core/wire';
import type { ConntrackNotification } from './gen/conntrack.js';

export type ConntrackEventKind = 'new' | 'update' | 'destroy' | 'expect-new' | 'expect-destroy';

/**
 * new, update or destroy. The kernel marks a creation with NLM_F_CREATE | NLM_F_EXCL on the
 * IPCTNL_MSG_CT_NEW message (and sends it to the conntrack-new group); an update has neither.
 */
export function eventKind(n: Pick<ConntrackNotification, 'name' | 'flags'>): ConntrackEventKind {
  switch (n.name) {
    case 'delct-ntf': return 'destroy';
    case 'newexp-ntf': return 'expect-new';
    case 'delexp-ntf': return 'expect-destroy';
    default: return (n.flags & (NLM_F_CREATE | NLM_F_EXCL)) !== 0 ? 'new' : 'update';
  }
}
