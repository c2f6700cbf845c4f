import { esc } from './text.js';

export interface RunbookListItem {
  title: string;
  slug: string;
  version: number;
  steps: number;
  locked: boolean;
}

/** `/runbook list`: the newest version of every runbook, locked ones marked. */
export function runbookListMessage(items: RunbookListItem[], max = 40): { text: string } {
  if (items.length === 0) return { text: 'The library is empty. Add a runbook with `/runbook new`.' };
  const lines = items
    .slice(0, max)
    .map(
      (v) =>
        `• ${v.locked ? '🔒 ' : ''}*${esc(v.title)}* (\`${esc(v.slug)}\` v${v.version}, ${v.steps} step${v.steps === 1 ? '' : 's'}${v.locked ? ', locked: no new runs' : ''})`,
    );
  const more = items.length > max ? `\n… and ${items.length - max} more` : '';
  return { text: `${items.length} runbook${items.length === 1 ? '' : 's'}:\n${lines.join('\n')}${more}` };
}
