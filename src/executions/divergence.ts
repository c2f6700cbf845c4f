import type { SummaryStepView } from '../../blocks/execution-summary.js';

/**
 * Where the run left the runbook, turned into edits an author could make. Pure: the
 * summary's step list in, sentences out.
 */
export function suggestRunbookEdits(steps: SummaryStepView[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    if (s.editedFrom !== null && s.editedTo !== null && s.editedFrom !== s.editedTo) {
      out.push(
        `Step ${s.index} "${s.title}" was edited before it ran: consider changing \`${s.editedFrom}\` to \`${s.editedTo}\`.`,
      );
    }
    if (s.state === 'skipped') {
      out.push(`Step ${s.index} "${s.title}" was skipped: is it still needed, or should it be conditional?`);
    }
    if (s.state === 'rolled_back') {
      out.push(
        `Step ${s.index} "${s.title}" failed and was rolled back: add a check before it or a safer alternative.`,
      );
    }
    if (s.state === 'aborted' || s.state === 'failed' || s.state === 'timed_out') {
      out.push(`Step ${s.index} "${s.title}" ended ${s.state.replace('_', ' ')}: note what to do when it does.`);
    }
  }
  return out;
}
