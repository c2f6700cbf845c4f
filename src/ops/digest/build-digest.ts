import { type DigestView, digestMessage } from '../../../blocks/ops-digest.js';
import type { Db } from '../../db/database.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Clock } from '../../lib/clock.js';
import { isVerified, verificationFailed } from '../backup/catalog.js';
import type { HealthSnapshot } from '../health/monitor.js';
import { evaluateSlos, type SloDeps } from '../slo/guard.js';
import type { BackupEntry, SignedDrill } from '../types.js';
import { readActivity } from './activity.js';

export type DigestPeriod = 'day' | 'week';

export interface DigestDeps {
  db: Db;
  clock: Clock;
  slo: SloDeps;
  backups: { keys: readonly string[]; entries(): Promise<BackupEntry[]>; drills(): Promise<SignedDrill[]> };
  snapshot(): Promise<HealthSnapshot | null>;
}

const PERIOD_MS: Record<DigestPeriod, number> = { day: 86_400_000, week: 7 * 86_400_000 };

/** One workspace's digest: its activity and SLOs over the period, and the installation's ops status. */
export async function buildDigest(deps: DigestDeps, tenantId: string, workspace: string, period: DigestPeriod) {
  const now = deps.clock.now();
  const from = new Date(now.getTime() - PERIOD_MS[period]);
  const activity = await inTenant(deps.db, tenantId, (trx) => readActivity(trx, tenantId, from, now));
  const slos = (await evaluateSlos(deps.slo, tenantId, PERIOD_MS[period])).filter(
    (r) => r.tenantId === tenantId || r.tenantId === null,
  );
  const entries = await backupsOrEmpty(deps);
  const newest = entries[0];
  const drill = (await deps.backups.drills().catch(() => []))[0];
  const snapshot = await deps.snapshot().catch(() => null);
  const view: DigestView = {
    period,
    workspace,
    activity,
    slos: slos.map((s) => ({
      slo: s.slo,
      target: s.target,
      attained: s.windows.budget.total ? s.windows.budget.good / s.windows.budget.total : null,
      budgetRemaining: s.budgetRemaining,
      status: s.status,
    })),
    backup: {
      newestId: newest?.id ?? null,
      ageMs: newest ? now.getTime() - newest.createdAt.getTime() : null,
      verified: newest
        ? isVerified(newest, deps.backups.keys)
          ? true
          : verificationFailed(newest, deps.backups.keys)
            ? false
            : null
        : null,
      count: entries.length,
    },
    drill: drill
      ? {
          kind: drill.kind,
          ok: drill.ok,
          ageMs: now.getTime() - Date.parse(drill.startedAt),
          rtoMs: drill.rtoMs,
          rpoMs: drill.rpoMs,
        }
      : null,
    failingChecks: (snapshot?.results ?? []).filter((r) => !r.ok).map((r) => r.name),
  };
  return { view, message: digestMessage(view) };
}

async function backupsOrEmpty(deps: DigestDeps): Promise<BackupEntry[]> {
  try {
    return await deps.backups.entries();
  } catch {
    return [];
  }
}
