import type { KnownBlock } from '@slack/types';
import { bytes, duration } from './ops-format.js';
import { esc, mrkdwn, truncate } from './text.js';

/** Ops channel: a backup taken, a backup verified (or not), backups pruned. */
export interface CheckView {
  name: string;
  ok: boolean;
  ran: boolean;
  detail: string;
}

export interface BackupTakenView {
  id: string;
  bytes: number;
  durationMs: number;
  location: string;
  tables: number;
  rows: number;
}

export function backupTakenMessage(v: BackupTakenView): { text: string; blocks: KnownBlock[] } {
  const text = `💾 Backup ${v.id} taken: ${bytes(v.bytes)} in ${duration(v.durationMs)}`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*${esc(text)}*\n${v.tables} tables, ${v.rows} rows · signed manifest`) },
      { type: 'context', elements: [mrkdwn(esc(v.location))] },
    ],
  };
}

export function backupFailedMessage(v: { error: string; location: string }): { text: string; blocks: KnownBlock[] } {
  const text = '🚨 Backup failed: no new backup was written';
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*${text}*\n\`\`\`${esc(truncate(v.error, 2500))}\`\`\``) },
      { type: 'context', elements: [mrkdwn(`${esc(v.location)} · see docs/operations.md`)] },
    ],
  };
}

export interface VerificationView {
  backupId: string;
  ok: boolean;
  checks: CheckView[];
  durationMs: number;
  restoreMs: number;
  bytes: number;
  throughputMBps: number;
}

export function verificationMessage(v: VerificationView): { text: string; blocks: KnownBlock[] } {
  const text = v.ok
    ? `✅ Backup ${v.backupId} restores: every check passed (restore ${duration(v.restoreMs)}, ${v.throughputMBps} MB/s)`
    : `🚨 Backup ${v.backupId} FAILED verification: ${v.checks
        .filter((c) => c.ran && !c.ok)
        .map((c) => c.name)
        .join(', ')}`;
  return {
    text,
    blocks: [
      { type: 'section', text: mrkdwn(`*${esc(text)}*`) },
      { type: 'section', text: mrkdwn(checkLines(v.checks)) },
      {
        type: 'context',
        elements: [mrkdwn(`${bytes(v.bytes)} · total ${duration(v.durationMs)} · scratch database dropped afterwards`)],
      },
    ],
  };
}

export function checkLines(checks: CheckView[]): string {
  return truncate(
    checks.map((c) => `${c.ran ? (c.ok ? '✅' : '❌') : '⏭'} \`${c.name}\` ${esc(truncate(c.detail, 300))}`).join('\n'),
    2900,
  );
}

export interface PruneView {
  pruned: Array<{ id: string; reason: string }>;
  held: Array<{ id: string; reason: string }>;
  kept: number;
}

export function pruneMessage(v: PruneView): { text: string; blocks: KnownBlock[] } {
  const text = `🧹 Retention: ${v.pruned.length} backup(s) pruned, ${v.kept} kept${v.held.length ? `, ${v.held.length} held (no newer verified backup)` : ''}`;
  const lines = v.pruned.map((p) => `• \`${esc(p.id)}\`: ${esc(p.reason)}`).join('\n');
  return {
    text,
    blocks: [{ type: 'section', text: mrkdwn(`*${esc(text)}*${lines ? `\n${lines}` : ''}`) }],
  };
}
