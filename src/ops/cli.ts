import { isDomainError } from '../lib/errors.js';
import type { Ops } from './index.js';

/**
 * `backup now|list|verify <id|latest>|prune [--dry-run]`, `drill quick|full` and
 * `schedules`, each with `--json` (exactly one JSON object on stdout). Exit 0 when it
 * worked, 1 when the operation failed (a backup that does not verify, a failed drill),
 * 2 for a usage error.
 */
interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface ScheduleRow {
  name: string;
  job: string;
  cron: string | null;
  timezone: string;
  next: string | null;
  /** Registered in Redis by a running worker. */
  registered: boolean | null;
}

export interface OpsCliContext {
  ops: Ops;
  schedules(): Promise<ScheduleRow[]>;
  close(): Promise<void>;
}

const CLI_ACTOR = 'system:cli';

export const BACKUP_USAGE =
  'Usage: backup now | list | verify <id|latest> | prune [--dry-run]   (add --json for one JSON object)';
export const DRILL_USAGE = 'Usage: drill quick | full   (add --json for one JSON object)';

export async function runOpsCli(
  command: 'backup' | 'drill' | 'schedules',
  args: string[],
  io: Io,
  open: () => Promise<OpsCliContext>,
): Promise<number> {
  const json = args.includes('--json');
  const words = args.filter((a) => !a.startsWith('--'));
  const usage = usageError(command, words, args);
  if (usage) {
    io.stderr.write(`${usage}\n`);
    return 2;
  }
  const ctx = await open();
  try {
    const { code, data, text } = await dispatch(command, words, args, ctx);
    io.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
    return code;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
    else io.stderr.write(`${isDomainError(err) ? '' : '❌ '}${message}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

function usageError(command: string, words: string[], args: string[]): string | null {
  const unknown = args.filter((a) => a.startsWith('--') && !['--json', '--dry-run'].includes(a));
  if (unknown.length) return `Unknown option ${unknown[0]}.`;
  if (command === 'backup') {
    const [sub, arg] = words;
    if (!['now', 'list', 'verify', 'prune'].includes(sub ?? '')) return BACKUP_USAGE;
    if (sub === 'verify' && !arg) return 'Usage: backup verify <id|latest> [--json]';
    if (args.includes('--dry-run') && sub !== 'prune') return '--dry-run applies to `backup prune` only.';
  }
  if (command === 'drill' && !['quick', 'full'].includes(words[0] ?? '')) return DRILL_USAGE;
  return null;
}

type Outcome = { code: number; data: unknown; text: string };

async function dispatch(command: string, words: string[], args: string[], ctx: OpsCliContext): Promise<Outcome> {
  const { ops } = ctx;
  if (command === 'schedules') return showSchedules(await ctx.schedules());
  if (command === 'drill') {
    const d = await ops.drill(words[0] as 'quick' | 'full', CLI_ACTOR);
    const text = `${d.ok ? '✅' : '❌'} ${d.kind} drill ${d.ok ? 'passed' : 'FAILED'}: RTO ${fmt(d.rtoMs)}, RPO ${fmt(d.rpoMs)} (backup ${d.backupId ?? 'none'})\n${checkText(d.checks)}`;
    return { code: d.ok ? 0 : 1, data: d, text };
  }
  switch (words[0]) {
    case 'now': {
      const m = await ops.backups.backupNow(CLI_ACTOR);
      const data = {
        ok: true,
        id: m.id,
        createdAt: m.createdAt,
        bytes: m.file.bytes,
        sha256: m.file.sha256,
        durationMs: m.durationMs,
        location: ops.backups.location,
        schemaVersion: m.schemaVersion,
        rowCounts: m.rowCounts,
        auditChainHeads: m.auditChainHeads,
      };
      return {
        code: 0,
        data,
        text: `✅ Backup ${m.id}: ${m.file.bytes} bytes in ${fmt(m.durationMs)} → ${ops.backups.location}`,
      };
    }
    case 'list': {
      const backups = await ops.backups.list();
      const lines = backups.map(
        (b) =>
          `${b.id}  ${String(b.bytes).padStart(12)} B  ${b.verified === true ? 'verified' : b.verified === false ? 'FAILED' : 'unverified'}${b.manifestSignatureOk ? '' : '  (manifest signature does not verify)'}`,
      );
      return {
        code: 0,
        data: { location: ops.backups.location, backups },
        text: backups.length
          ? `${ops.backups.location}\n${lines.join('\n')}`
          : `No backups in ${ops.backups.location} yet.`,
      };
    }
    case 'verify': {
      const { record } = await ops.backups.verify(words[1]!, CLI_ACTOR);
      const text = `${record.ok ? '✅' : '❌'} Backup ${record.backupId} ${record.ok ? 'restores and checks out' : 'FAILED verification'} (${fmt(record.durationMs)}, restore ${fmt(record.restoreMs)}, ${record.throughputMBps} MB/s)\n${checkText(record.checks)}`;
      return { code: record.ok ? 0 : 1, data: record, text };
    }
    default: {
      const plan = await ops.backups.prune({ dryRun: args.includes('--dry-run'), actor: CLI_ACTOR });
      const verb = plan.dryRun ? 'would prune' : 'pruned';
      const text = [
        `${plan.location}: ${plan.keep.length} kept, ${plan.prune.length} ${verb}, ${plan.held.length} held`,
        ...plan.keep.map((k) => `  keep   ${k.id}  (${k.reasons.join(', ')})`),
        ...plan.prune.map((p) => `  ${plan.dryRun ? 'prune?' : 'pruned'} ${p.id}  (${p.reason})`),
        ...plan.held.map((h) => `  held   ${h.id}  (${h.reason})`),
      ].join('\n');
      return { code: 0, data: plan, text };
    }
  }
}

function showSchedules(rows: ScheduleRow[]): Outcome {
  const lines = rows.map(
    (r) =>
      `${r.name.padEnd(16)} ${(r.cron ?? 'off').padEnd(20)} ${r.job.padEnd(18)} next ${r.next ?? '–'}${r.registered === false ? '  (not registered: no worker has started with this config)' : ''}`,
  );
  return { code: 0, data: { schedules: rows }, text: lines.join('\n') };
}

function checkText(checks: Array<{ name: string; ok: boolean; ran: boolean; detail: string }>): string {
  return checks.map((c) => `  ${c.ran ? (c.ok ? '✅' : '❌') : '⏭'} ${c.name}: ${c.detail}`).join('\n');
}

function fmt(ms: number | null): string {
  return ms === null ? '–' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
