import type { KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { type IncidentTimesView, meansLine, timesLine } from './durations.js';
import { esc, LIMITS, mrkdwn, plain, truncate } from './text.js';

export type IncidentState = 'triggered' | 'acknowledged' | 'resolved';

/** The line the matched message carries about where the incident stands. */
export interface IncidentStatusView {
  state: IncidentState;
  source: string;
  by: string | null;
  reopenedCount: number;
}

const STATE_LABEL: Record<IncidentState, string> = {
  triggered: '🔴 Triggered',
  acknowledged: '✋ Acknowledged',
  resolved: '✅ Resolved',
};

export function incidentStatusLine(view: IncidentStatusView): string {
  const by = view.by ? ` by ${esc(view.by)}` : '';
  const reopened = view.reopenedCount > 0 ? ` · reopened ${view.reopenedCount}×` : '';
  return `${STATE_LABEL[view.state]} in ${esc(view.source)}${view.state === 'triggered' ? '' : by}${reopened}`;
}

export interface IncidentUpdateView {
  change: 'acknowledged' | 'unacknowledged' | 'resolved' | 'reopened' | 'updated';
  source: string;
  actor: string | null;
  note: string | null;
  /** Told in a related incident's thread: the title of the incident that changed (not the thread's own). */
  related?: string | null;
  /** A run of this incident is still going at this step (resolved: offered to end it there). */
  finish?: { stepId: string; binding: string } | null;
  /** Resolved: the end-of-incident summary (this incident's times, and its service's and runbook's means). */
  times?: {
    incident: IncidentTimesView;
    service: { name: string; means: IncidentTimesView & { incidents: number } } | null;
    runbook: { title: string; means: IncidentTimesView & { incidents: number } } | null;
    days: number;
  } | null;
}

/** One thread reply per change the source reported. */
export function incidentUpdateMessage(view: IncidentUpdateView): { text: string; blocks: KnownBlock[] } {
  const by = view.actor ? ` by ${esc(view.actor)}` : '';
  const source = esc(view.source);
  const text = {
    acknowledged: `✋ Acknowledged in ${source}${by}`,
    unacknowledged: `↩️ ${esc(view.note ?? `Acknowledgement removed${by}: triggered again`)} (${source})`,
    resolved: `✅ Resolved in ${source}${by}`,
    reopened: `🔁 Reopened in ${source}${by}: the incident is open again`,
    updated: `ℹ️ ${esc(view.note ?? 'Updated')} (${source})`,
  }[view.change];
  if (view.related) {
    const line = `🔗 Related alert *${esc(truncate(view.related, 200))}*: ${text}`;
    return { text: line, blocks: [{ type: 'section', text: mrkdwn(truncate(line, LIMITS.sectionText)) }] };
  }
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(text) }];
  if (view.change === 'resolved' && view.times) blocks.push(timesBlock(view.times));
  if (view.change === 'resolved' && view.finish) blocks.push(...finishBlocks(view.finish));
  return { text, blocks };
}

/** The run is still going although the incident is resolved: end it (the steps not done are aborted, never done). */
function finishBlocks(finish: { stepId: string; binding: string }): KnownBlock[] {
  return [
    {
      type: 'section',
      text: mrkdwn('The run is still going. If the incident needs nothing more, end it here.'),
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.abortRun,
          text: plain('⛔ End the run', LIMITS.buttonText),
          value: encodeValue('step', { s: finish.stepId, b: finish.binding }),
          style: 'danger',
          confirm: {
            title: plain('End the run?', 100),
            text: mrkdwn('Every step not done yet is marked aborted (never done), and a running command is stopped.'),
            confirm: plain('End the run', 30),
            deny: plain('Keep it going', 30),
            style: 'danger',
          },
        },
      ],
    },
  ];
}

function timesBlock(times: NonNullable<IncidentUpdateView['times']>): KnownBlock {
  const lines = [`⏱ *This incident:* ${timesLine(times.incident)}`];
  if (times.service) {
    lines.push(`*Service ${esc(times.service.name)}* (${times.days} days): ${meansLine(times.service.means)}`);
  }
  if (times.runbook) {
    lines.push(`*Runbook ${esc(times.runbook.title)}* (${times.days} days): ${meansLine(times.runbook.means)}`);
  }
  return { type: 'section', text: mrkdwn(lines.join('\n')) };
}

export interface GroupAlertsView {
  added: Array<{ title: string }>;
  /** Alerts that stopped firing earlier and fire again. */
  firingAgain?: Array<{ title: string }>;
  resolved: Array<{ title: string }>;
  firing: number;
  total: number;
}

/** New alerts of the group (and ones that stopped firing), told in the incident's thread, not as new messages. */
export function groupAlertsMessage(view: GroupAlertsView): { text: string; blocks: KnownBlock[] } {
  const lines: string[] = [];
  const list = (items: Array<{ title: string }>) =>
    items
      .slice(0, 10)
      .map((a) => `• ${esc(truncate(a.title, 200))}`)
      .join('\n') + (items.length > 10 ? `\n…and ${items.length - 10} more` : '');
  if (view.added.length > 0) {
    lines.push(
      `🔔 *${view.added.length} new alert${view.added.length === 1 ? '' : 's'} in this group*\n${list(view.added)}`,
    );
  }
  const again = view.firingAgain ?? [];
  if (again.length > 0) lines.push(`🔁 *${again.length} firing again*\n${list(again)}`);
  if (view.resolved.length > 0) {
    lines.push(`✅ *${view.resolved.length} stopped firing*\n${list(view.resolved)}`);
  }
  const tally = `${view.firing} of ${view.total} alert${view.total === 1 ? '' : 's'} in this group firing`;
  const againText = again.length > 0 ? `${again.length} firing again, ` : '';
  return {
    text: `${view.added.length} new, ${againText}${view.resolved.length} resolved: ${tally}`,
    blocks: [
      { type: 'section', text: mrkdwn(truncate(lines.join('\n'), LIMITS.sectionText)) },
      { type: 'context', elements: [mrkdwn(tally)] },
    ],
  };
}
