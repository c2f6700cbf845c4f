import { esc, markdownToMrkdwn, truncate, userRef } from './text.js';

/** The first line of a run's thread: who started what, in which mode. */
export function runStartedMessage(view: {
  startedBy: string;
  runbookTitle: string;
  steps: number;
  mode: 'strict' | 'audit';
  trustLevel: number;
  dryRun: boolean;
  /** What must hold before step 1 (tools, logins, roles, VPN, a toolbox). */
  prerequisites?: string[];
}): { text: string } {
  const steps = `${view.steps} step${view.steps === 1 ? '' : 's'}`;
  const dry = view.dryRun ? ' · 🧪 dry run: commands are shown, not executed' : '';
  const needs = (view.prerequisites ?? []).slice(0, 6).map((p) => `• ${markdownToMrkdwn(esc(truncate(p, 160, '…')))}`);
  const before = needs.length ? `\n*Before step 1:*\n${needs.join('\n')}` : '';
  return {
    text: `▶ Run started by ${userRef(view.startedBy)}: *${esc(view.runbookTitle)}*, ${steps} · ${view.mode} mode · trust level ${view.trustLevel}${dry}.${before}`,
  };
}
