import type { KnownBlock } from '@slack/types';
import { mrkdwn, plain } from './text.js';

export interface FirstRunFacts {
  /** Where the sample alert's thread opens. */
  incidentChannel: string;
  /** Who confirms the 🔴 step (never the person who started the run). */
  secondPerson: string;
  /** The sandbox's own alert button runs the hello-world runbook. */
  runbookTitle: string;
  dryRun: boolean;
}

/** The metadata that marks the greeting, so a restart does not post it twice. */
export const FIRST_RUN_POST_KEY = { eventType: 'rbc_first_run', key: 'welcome' } as const;

/** The DM a newcomer finds on the first `npm start`: three steps from alert to audit. */
export function firstRunMessage(facts: FirstRunFacts): { text: string; blocks: KnownBlock[] } {
  const execution = facts.dryRun
    ? 'Nothing runs on this machine: the sandbox is in dry run, so each command is shown, not executed.'
    : '⚠️ Approved commands RUN on this machine (EXECUTION_DRY_RUN=false).';
  const steps = [
    `*1. Fire an alert.* Press *🔥 Fire sample PagerDuty alert* on the left. In <#${facts.incidentChannel}> the runbook *${facts.runbookTitle}* is matched: press *▶ Start*.`,
    `*2. Approve.* Open the thread (*replies*) and press *✅ Approve* on each step. A 🔴 step needs a second person: switch *Acting as* to <@${facts.secondPerson}>, press *🔴 Confirm…* and type the target it shows.`,
    '*3. Read the audit.* The summary at the end of the thread says who approved what, and every decision is in the append-only audit log: `npm run cli -- audit verify` checks its hash chain.',
  ];
  return {
    text: 'Welcome to Runbook Copilot: fire an alert, approve its steps, read the audit.',
    blocks: [
      { type: 'header', text: plain('👋 Welcome to Runbook Copilot', 150) },
      { type: 'section', text: mrkdwn('This is a local Slack sandbox. A first run takes three steps:') },
      ...steps.map((step): KnownBlock => ({ type: 'section', text: mrkdwn(step) })),
      { type: 'context', elements: [mrkdwn(`${execution} Type \`/runbook help\` for the commands.`)] },
    ],
  };
}
