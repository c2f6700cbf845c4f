import { esc, userRef } from './text.js';

/** The first line of a run's thread: who started what, in which mode. */
export function runStartedMessage(view: {
  startedBy: string;
  runbookTitle: string;
  steps: number;
  mode: 'strict' | 'audit';
  trustLevel: number;
  dryRun: boolean;
}): { text: string } {
  const steps = `${view.steps} step${view.steps === 1 ? '' : 's'}`;
  const dry = view.dryRun ? ' · 🧪 dry run: commands are shown, not executed' : '';
  return {
    text: `▶ Run started by ${userRef(view.startedBy)}: *${esc(view.runbookTitle)}*, ${steps} · ${view.mode} mode · trust level ${view.trustLevel}${dry}.`,
  };
}
