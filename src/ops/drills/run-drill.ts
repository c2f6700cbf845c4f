import { drillMessage } from '../../../blocks/ops-drill.js';
import type { Clock } from '../../lib/clock.js';
import { KEYS, listDrills, newRecordId } from '../backup/catalog.js';
import { sign } from '../backup/manifest-signing.js';
import type { BackupService } from '../backup/service.js';
import { requireKeys } from '../backup/take-backup.js';
import type { DrillRehearsal } from '../ports.js';
import type { OpsReporter } from '../reporter.js';
import type { BackupTarget } from '../targets/target.js';
import type { CheckResult, DrillKind, DrillRecord, SignedDrill } from '../types.js';

export interface DrillDeps {
  backups: BackupService;
  target: BackupTarget;
  hmacKeys: readonly string[];
  reporter: OpsReporter;
  clock: Clock;
  /** The full drill's product rehearsal; absent where the product cannot be started (quick only). */
  rehearsal: DrillRehearsal | null;
}

/**
 * A quick drill restores and checks the newest backup; a full drill also starts the
 * product on the restored copy in dry-run and pushes a synthetic alert through it. RTO
 * runs from the drill's start to the last proof (restore checked, or the alert announced);
 * RPO is the age of the backup restored. The signed record feeds the trend and health.
 */
export async function runDrill(
  deps: DrillDeps,
  kind: DrillKind,
  actor: string,
): Promise<SignedDrill & { trend: SignedDrill[] }> {
  requireKeys(deps.hmacKeys);
  const startedAt = deps.clock.now();
  const previous = (await listDrills(deps.target, deps.hmacKeys)).filter((d) => d.kind === kind);
  const record = await attempt(deps, kind, startedAt, actor);
  const signed = sign(record, deps.hmacKeys);
  await deps.target.putJson(KEYS.drill(record.id), signed);
  await deps.reporter.audit({
    type: record.ok ? 'ops.drill_passed' : 'ops.drill_failed',
    actor,
    subject: { type: 'drill', id: record.id },
    data: {
      kind,
      backupId: record.backupId,
      rtoMs: record.rtoMs,
      rpoMs: record.rpoMs,
      failed: record.checks.filter((c) => c.ran && !c.ok).map((c) => `${c.name}: ${c.detail}`),
    },
  });
  await deps.reporter.post(drillMessage({ ...record, previous }));
  return { ...signed, trend: previous };
}

async function attempt(deps: DrillDeps, kind: DrillKind, startedAt: Date, actor: string): Promise<DrillRecord> {
  const base = { id: newRecordId(startedAt), kind, startedAt: startedAt.toISOString() };
  const newest = (await deps.backups.entries())[0];
  if (!newest) {
    const checks = [{ name: 'backup_available', ok: false, ran: true, detail: `no backup in ${deps.target.location}` }];
    return { ...base, ok: false, backupId: null, rtoMs: null, rpoMs: null, checks, phases: {} };
  }
  if (kind === 'full' && !deps.rehearsal) {
    const checks = [
      { name: 'product_started', ok: false, ran: false, detail: 'this process cannot start the product' },
    ];
    return { ...base, ok: false, backupId: newest.id, rtoMs: null, rpoMs: null, checks, phases: {} };
  }
  const phases: Record<string, number> = {};
  let announcedAt: number | null = null;
  const rehearse =
    kind === 'full'
      ? async ({ scratch }: { scratch: { url: string } }): Promise<CheckResult[]> => {
          phases.restore = deps.clock.now().getTime() - startedAt.getTime();
          const r = await deps.rehearsal!.rehearse({ ownerUrl: scratch.url });
          Object.assign(phases, r.phases);
          if (r.checks.every((c) => c.ok)) announcedAt = deps.clock.now().getTime();
          return r.checks;
        }
      : undefined;
  const { record } = await deps.backups.verify(newest.id, actor, rehearse);
  if (kind === 'quick') phases.restore = record.durationMs;
  const ok = record.ok;
  const end = kind === 'full' ? announcedAt : startedAt.getTime() + record.durationMs;
  return {
    ...base,
    ok,
    backupId: newest.id,
    rtoMs: ok && end !== null ? end - startedAt.getTime() : null,
    rpoMs: startedAt.getTime() - newest.createdAt.getTime(),
    checks: record.checks,
    phases,
  };
}
