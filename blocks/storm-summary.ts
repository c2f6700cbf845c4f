import type { KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { esc, LIMITS, mrkdwn, plain, truncate } from './text.js';

export interface StormSummaryView {
  /** How long the window was, in seconds ("in the last 30 seconds"). */
  windowSeconds: number;
  incidents: Array<{ id: string; title: string; service: string | null; urgency: string | null; source: string }>;
  budgetPerMinute: number;
}

function windowWords(seconds: number): string {
  if (seconds % 60 === 0) return seconds === 60 ? 'the last minute' : `the last ${seconds / 60} minutes`;
  return `the last ${seconds} seconds`;
}

/**
 * When a channel's message budget is spent, new alerts are named here instead of each
 * getting a message (Slack allows about one message a second per channel). Each has an
 * Open button that gives it its own message and thread.
 */
export function stormSummaryMessage(view: StormSummaryView): { text: string; blocks: KnownBlock[] } {
  const n = view.incidents.length;
  const headline = `🌩️ ${n} more alert${n === 1 ? '' : 's'} in ${windowWords(view.windowSeconds)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(headline, LIMITS.headerText) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `This channel had its ${view.budgetPerMinute} incident messages for this minute, so these are listed here. *Open* gives one its own message and thread.`,
        ),
      ],
    },
  ];
  for (const incident of view.incidents) {
    const line = [
      `*${esc(truncate(incident.title, 200))}*`,
      incident.service ? `service *${esc(incident.service)}*` : null,
      incident.urgency ? `urgency ${esc(incident.urgency)}` : null,
      `via ${esc(incident.source)}`,
    ]
      .filter(Boolean)
      .join(' · ');
    blocks.push({
      type: 'section',
      text: mrkdwn(line),
      accessory: {
        type: 'button',
        action_id: ACTIONS.openIncident,
        text: plain('Open', LIMITS.buttonText),
        value: encodeValue('incident', { i: incident.id }),
      },
    });
  }
  const titles = view.incidents.map((i) => truncate(i.title, 80)).join('; ');
  return { text: `${headline}: ${esc(truncate(titles, 2500))}`, blocks };
}
