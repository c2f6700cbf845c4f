import type { Button, KnownBlock } from '@slack/types';
import { encodeValue } from '../src/slack/codecs.js';
import { ACTIONS } from '../src/slack/ids.js';
import { humanDuration } from './durations.js';
import { type IncidentListItem, incidentLine } from './incident-list.js';
import { esc, LIMITS, mrkdwn, plain, truncate, userRef } from './text.js';

export interface HomeApproval {
  stepId: string;
  binding: string;
  stepIndex: number;
  stepTitle: string;
  command: string | null;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown' | null;
  runbookTitle: string;
  startedBy: string;
}

export interface HomeRun {
  runbookTitle: string;
  startedBy: string;
  startedAt: Date;
  incidentTitle: string | null;
  stepsDone: number;
  steps: number;
}

export interface HomeCatalogueEntry {
  title: string;
  slug: string;
  version: number;
  editedAt: Date;
  lastRunAt: Date | null;
  finishedRuns: number;
  completedRuns: number;
}

export interface HomeIncidentsView {
  now: Date;
  approvals: HomeApproval[];
  runs: HomeRun[];
  open: IncidentListItem[];
  resolved: IncidentListItem[];
  catalogue: HomeCatalogueEntry[];
  /** A runbook not edited for this many days is flagged stale. */
  staleAfterDays: number;
}

const LEVEL_BADGE = { safe: '🟢', caution: '🟡', dangerous: '🔴', unknown: '⬜' } as const;

/** The same Approve the step message carries (same value, same checks): a 🔴 step asks to type its target. */
function approveButton(a: HomeApproval): Button {
  const dangerous = a.level === 'dangerous';
  return {
    type: 'button',
    action_id: dangerous ? ACTIONS.confirmDangerous : ACTIONS.approveStep,
    text: plain(dangerous ? '🔴 Confirm…' : '✅ Approve', LIMITS.buttonText),
    value: encodeValue('step', { s: a.stepId, b: a.binding }),
    ...(dangerous ? {} : { style: 'primary' as const }),
  };
}

function approvalBlocks(view: HomeIncidentsView): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Waiting for your approval (${view.approvals.length})`, 150) },
  ];
  if (view.approvals.length === 0) return [...blocks, { type: 'section', text: mrkdwn('Nothing waits for you.') }];
  for (const a of view.approvals.slice(0, 10)) {
    const badge = a.level ? LEVEL_BADGE[a.level] : '⬜';
    const command = a.command ? `\n\`${esc(truncate(a.command, 300))}\`` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `${badge} *${esc(a.runbookTitle)}* · step ${a.stepIndex}: ${esc(truncate(a.stepTitle, 150))} · run of ${userRef(a.startedBy)}${command}`,
      ),
      accessory: approveButton(a),
    });
  }
  return blocks;
}

function successRate(c: HomeCatalogueEntry): string {
  if (!c.finishedRuns) return 'no finished run';
  return `${Math.round((100 * c.completedRuns) / c.finishedRuns)}% of ${c.finishedRuns} finished run${c.finishedRuns === 1 ? '' : 's'} completed`;
}

function catalogueLine(c: HomeCatalogueEntry, view: HomeIncidentsView): string {
  const age = view.now.getTime() - c.editedAt.getTime();
  const stale = age > view.staleAfterDays * 86_400_000 ? ' · ⚠️ stale' : '';
  const lastRun = c.lastRunAt
    ? `last run ${humanDuration(view.now.getTime() - c.lastRunAt.getTime())} ago`
    : 'no run yet';
  return `• *${esc(c.title)}* \`${esc(c.slug)}\` v${c.version} · edited ${humanDuration(age)} ago${stale} · ${lastRun} · ${successRate(c)}`;
}

/** The incident half of a person's App Home: approvals, live runs, incidents, the catalogue. */
export function homeIncidentBlocks(view: HomeIncidentsView): KnownBlock[] {
  const list = (lines: string[], empty: string) =>
    mrkdwn(truncate(lines.length ? lines.join('\n') : empty, LIMITS.sectionText));
  const runs = view.runs.map(
    (r) =>
      `• *${esc(r.runbookTitle)}*${r.incidentTitle ? ` for ${esc(truncate(r.incidentTitle, 100))}` : ''} · ${r.stepsDone}/${r.steps} steps · started by ${userRef(r.startedBy)} ${humanDuration(view.now.getTime() - r.startedAt.getTime())} ago`,
  );
  return [
    ...approvalBlocks(view),
    { type: 'header', text: plain(`Live runs (${view.runs.length})`, 150) },
    { type: 'section', text: list(runs, 'No run is going.') },
    { type: 'header', text: plain(`Open incidents (${view.open.length})`, 150) },
    {
      type: 'section',
      text: list(
        view.open.map((i) => incidentLine(i, view.now)),
        'None open.',
      ),
    },
    { type: 'header', text: plain('Recent incidents', 150) },
    {
      type: 'section',
      text: list(
        view.resolved.map((i) => incidentLine(i, view.now)),
        'Nothing resolved yet.',
      ),
    },
    { type: 'header', text: plain(`Runbook catalogue (${view.catalogue.length})`, 150) },
    {
      type: 'section',
      text: list(
        view.catalogue.map((c) => catalogueLine(c, view)),
        'The library is empty.',
      ),
    },
  ];
}
