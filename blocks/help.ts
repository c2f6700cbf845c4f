import type { KnownBlock } from '@slack/types';
import { mrkdwn } from './text.js';

export interface HelpCommand {
  usage: string;
  description: string;
}

/** `/runbook help`: every subcommand that exists, one line each. */
export function helpMessage(commands: HelpCommand[]): { text: string; blocks: KnownBlock[] } {
  const lines = commands.map((c) => `• \`${c.usage}\`: ${c.description}`).join('\n');
  return {
    text: `Runbook Copilot commands:\n${commands.map((c) => c.usage).join('\n')}`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `*Runbook Copilot*: runbooks matched to alerts, run step by step in the incident thread.\n${lines}`,
        ),
      },
      {
        type: 'context',
        elements: [
          mrkdwn(
            '🟢 safe · 🟡 caution (an Approve click) · 🔴 dangerous (a second person types the target) · ⬜ unknown (an approver reads it)',
          ),
        ],
      },
    ],
  };
}
