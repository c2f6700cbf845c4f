import type { KnownBlock } from '@slack/types';
import { percent } from './ops-format.js';
import { esc, mrkdwn } from './text.js';

/** Ops channel: an SLO burning its error budget too fast (and what the guard did), or calm again. */
export interface SloBurnView {
  slo: string;
  workspace: string | null;
  status: 'fast_burn' | 'slow_burn' | 'ok';
  target: number;
  burnLongWindow: number;
  burnShortWindow: number;
  budgetRemaining: number;
  /** The guard switched this workspace to strict (until an admin lifts it). */
  guardEngaged: boolean;
}

export function sloBurnMessage(v: SloBurnView): { text: string; blocks: KnownBlock[] } {
  const where = v.workspace ? ` in ${v.workspace}` : '';
  const text =
    v.status === 'ok'
      ? `✅ SLO ${v.slo}${where} is no longer burning its error budget`
      : `${v.status === 'fast_burn' ? '🔥' : '🟠'} SLO ${v.slo}${where}: error budget burning ${v.burnLongWindow.toFixed(1)}× too fast`;
  const lines = [
    `Target ${percent(v.target)} · burn ${v.burnLongWindow.toFixed(1)}× (${v.status === 'slow_burn' ? '6 h' : '1 h'}) and ${v.burnShortWindow.toFixed(1)}× (${v.status === 'slow_burn' ? '30 min' : '5 min'}) · budget left ${percent(v.budgetRemaining, 1)}`,
  ];
  if (v.guardEngaged) {
    lines.push(
      '🛡️ Governance switched to *strict* (every step needs a human) until an admin lifts it with `/runbook mode audit`.',
    );
  }
  return { text, blocks: [{ type: 'section', text: mrkdwn(`*${esc(text)}*\n${lines.join('\n')}`) }] };
}
