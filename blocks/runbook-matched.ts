import type { Button, KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS, BLOCKS } from '../src/slack/ids.js';
import { type IncidentStatusView, incidentStatusLine } from './incident-update.js';
import { esc, externalLink, LIMITS, mrkdwn, plain, truncate, userRef } from './text.js';

export interface RunbookMatchedView {
  incidentId: string;
  alert: { title: string; service: string | null; source: string; url: string | null; urgency: string | null };
  match: { runbookVersionId: string; title: string; score: number; reason: string; stepCount: number } | null;
  runnersUp: Array<{ runbookVersionId: string; title: string; score: number }>;
  started: { by: string; runbookTitle: string } | null;
  /** Where the incident stands in its source (acknowledged, resolved, reopened). */
  status?: IncidentStatusView | null;
}

export function confidenceLabel(score: number): string {
  if (score >= 0.8) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/** The incident channel's first message about an alert: what fired, which runbook, ▶ Start. */
export function runbookMatchedMessage(view: RunbookMatchedView): { text: string; blocks: KnownBlock[] } {
  const { alert, match } = view;
  const alertLine = [
    `*${esc(alert.title)}*`,
    alert.service ? `service *${esc(alert.service)}*` : null,
    alert.urgency ? `urgency ${esc(alert.urgency)}` : null,
    `via ${esc(alert.source)}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const blocks: KnownBlock[] = [];
  const statusBlock: KnownBlock[] = view.status
    ? [{ type: 'context', elements: [mrkdwn(incidentStatusLine(view.status))] }]
    : [];
  if (!match) {
    blocks.push({ type: 'header', text: plain('🔔 Alert received: no runbook matched', LIMITS.headerText) });
    blocks.push({ type: 'section', text: mrkdwn(alertLine) }, ...statusBlock);
    if (alert.url) blocks.push({ type: 'context', elements: [mrkdwn(externalLink(alert.url, 'Open the alert'))] });
    blocks.push({
      type: 'context',
      elements: [mrkdwn('No runbook in the library matches this alert. Add one with `/runbook new`.')],
    });
    return { text: `🔔 Alert received, no runbook matched: ${esc(truncate(alert.title, 200))}`, blocks };
  }
  blocks.push({ type: 'header', text: plain('🔔 Runbook matched', LIMITS.headerText) });
  blocks.push({ type: 'section', text: mrkdwn(alertLine) }, ...statusBlock);
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `📘 *${esc(match.title)}* · ${match.stepCount} step${match.stepCount === 1 ? '' : 's'}\n` +
        `Confidence: *${confidenceLabel(match.score)}* (${Math.round(match.score * 100)}%): ${esc(match.reason)}`,
    ),
  });
  if (alert.url) blocks.push({ type: 'context', elements: [mrkdwn(externalLink(alert.url, 'Open the alert'))] });
  if (view.started) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(`▶ Started by ${userRef(view.started.by)}: *${esc(view.started.runbookTitle)}*. Follow the thread.`),
      ],
    });
    return {
      text: `🔔 Runbook matched for ${esc(truncate(alert.title, 200))}: ${esc(truncate(match.title, 200))} (started)`,
      blocks,
    };
  }
  const elements: Button[] = [
    {
      type: 'button',
      action_id: ACTIONS.startRun,
      style: 'primary',
      text: plain(`▶ Start`, LIMITS.buttonText),
      value: encodeValue('start', { i: view.incidentId, r: match.runbookVersionId }),
    },
  ];
  view.runnersUp.slice(0, 3).forEach((alt, n) => {
    elements.push({
      type: 'button',
      action_id: `${ACTIONS.pickRunnerUp}_${n}`,
      text: plain(`Use: ${alt.title} (${Math.round(alt.score * 100)}%)`, LIMITS.buttonText),
      value: encodeValue('start', { i: view.incidentId, r: alt.runbookVersionId }),
    });
  });
  blocks.push({ type: 'actions', block_id: BLOCKS.matchActions, elements });
  if (view.runnersUp.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `Runners-up: ${view.runnersUp
            .slice(0, 3)
            .map((r) => `${esc(r.title)} (${Math.round(r.score * 100)}%)`)
            .join(', ')}`,
        ),
      ],
    });
  }
  return {
    text: `🔔 Runbook matched for ${esc(truncate(alert.title, 200))}: ${esc(truncate(match.title, 200))}`,
    blocks,
  };
}
