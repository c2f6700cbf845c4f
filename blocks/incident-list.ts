import type { KnownBlock } from '@slack/types';
import { humanDuration, type IncidentTimesView, meansLine, timesLine } from './durations.js';
import { esc, mrkdwn, plain, truncate, userRef } from './text.js';

export interface IncidentListItem {
  id: string;
  title: string;
  service: string | null;
  source: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: string | null;
  triggeredAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  runState: string | null;
  runStartedBy: string | null;
  /** A link to the incident's message, when it has one. */
  permalink?: string | null;
}

const STATUS_ICON = { triggered: '🔴', acknowledged: '✋', resolved: '✅' } as const;

/** The short reference people type back (`/runbook status a1b2c3d4`). */
export function incidentRef(id: string): string {
  return id.slice(0, 8);
}

function timesOf(i: IncidentListItem): IncidentTimesView {
  const since = (at: Date | null) => (at ? at.getTime() - i.triggeredAt.getTime() : null);
  return { acknowledgeMs: since(i.acknowledgedAt), mitigateMs: since(i.mitigatedAt), resolveMs: since(i.resolvedAt) };
}

/** One line per incident: status, title, service, age (open) or MTTR (resolved), its run. */
export function incidentLine(i: IncidentListItem, now: Date): string {
  const title = i.permalink ? `<${i.permalink}|${esc(truncate(i.title, 120))}>` : `*${esc(truncate(i.title, 120))}*`;
  const when =
    i.status === 'resolved' && i.resolvedAt
      ? `resolved in ${humanDuration(i.resolvedAt.getTime() - i.triggeredAt.getTime())}`
      : `open ${humanDuration(now.getTime() - i.triggeredAt.getTime())}`;
  const run = i.runState ? ` · run ${esc(i.runState)}${i.runStartedBy ? ` (${userRef(i.runStartedBy)})` : ''}` : '';
  const service = i.service ? ` · ${esc(i.service)}` : '';
  return `${STATUS_ICON[i.status]} ${title}${service} · ${when}${run} · \`${incidentRef(i.id)}\``;
}

/** `/runbook incidents`: what is open (with age) and what was resolved lately (with MTTR). */
export function incidentsOverviewMessage(view: { open: IncidentListItem[]; resolved: IncidentListItem[]; now: Date }): {
  text: string;
  blocks: KnownBlock[];
} {
  const section = (lines: string[], empty: string) => mrkdwn(lines.length ? lines.join('\n') : empty);
  const open = view.open.map((i) => incidentLine(i, view.now));
  const resolved = view.resolved.map((i) => incidentLine(i, view.now));
  return {
    text: `${view.open.length} open incident${view.open.length === 1 ? '' : 's'}, ${view.resolved.length} resolved lately`,
    blocks: [
      { type: 'header', text: plain(`Open incidents (${view.open.length})`, 150) },
      { type: 'section', text: section(open, 'None open.') },
      { type: 'header', text: plain('Recently resolved', 150) },
      { type: 'section', text: section(resolved, 'Nothing resolved yet.') },
      { type: 'context', elements: [mrkdwn('`/runbook status <ref>` for one incident · `/runbook mttr [days]`')] },
    ],
  };
}

/** `/runbook status <ref>`: one incident's line and its times. */
export function incidentStatusMessage(i: IncidentListItem, now: Date): { text: string; blocks: KnownBlock[] } {
  const line = incidentLine(i, now);
  return {
    text: line,
    blocks: [
      { type: 'section', text: mrkdwn(line) },
      { type: 'context', elements: [mrkdwn(`⏱ ${timesLine(timesOf(i))} · via ${esc(i.source)}`)] },
    ],
  };
}

export interface MttrReportRow extends IncidentTimesView {
  key: string;
  incidents: number;
}

/** `/runbook mttr [days]`: overall, per service and per runbook. */
export function mttrReportMessage(view: {
  days: number;
  all: MttrReportRow | null;
  byService: MttrReportRow[];
  byRunbook: MttrReportRow[];
}): { text: string; blocks: KnownBlock[] } {
  const overall = view.all ? meansLine(view.all) : 'No incident was resolved in this window.';
  const rows = (items: MttrReportRow[]) =>
    items.length ? items.map((r) => `• *${esc(r.key)}*: ${meansLine(r)}`).join('\n') : '–';
  return {
    text: `MTTR, last ${view.days} days: ${overall}`,
    blocks: [
      { type: 'header', text: plain(`MTTR, last ${view.days} days`, 150) },
      { type: 'section', text: mrkdwn(`*All incidents*: ${overall}`) },
      { type: 'section', text: mrkdwn(`*Per service*\n${rows(view.byService)}`) },
      { type: 'section', text: mrkdwn(`*Per runbook*\n${rows(view.byRunbook)}`) },
      {
        type: 'context',
        elements: [
          mrkdwn('From triggered: acknowledged (MTTA), mitigated (the run’s last step done), resolved (MTTR).'),
        ],
      },
    ],
  };
}
