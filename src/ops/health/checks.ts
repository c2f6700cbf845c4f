import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { OpsConfig } from '../../config-ops.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { isVerified, verificationFailed } from '../backup/catalog.js';
import type { OpsStore, Probe, QueuePort } from '../ports.js';
import type { BackupEntry, SignedDrill } from '../types.js';
import { checkAuditHeads } from './audit-heads.js';

/** One observation of one check. `critical` ones decide /readyz; the rest only inform. */
export interface HealthResult {
  name: string;
  ok: boolean;
  critical: boolean;
  detail: string;
  /** The measured number behind the verdict (seconds, percent, count), for /metrics. */
  value: number | null;
}

export interface HealthDeps {
  db: Db;
  ownerUrl: string;
  probes: { redis: Probe; slack: Probe };
  queues: QueuePort;
  backups: {
    configured: boolean;
    keys: readonly string[];
    localPath: string;
    entries(): Promise<BackupEntry[]>;
    drills(): Promise<SignedDrill[]>;
  };
  store: OpsStore;
  thresholds: OpsConfig['health'];
  clock: Clock;
}

const PROBE_TIMEOUT_MS = 5_000;

const result = (name: string, ok: boolean, detail: string, value: number | null = null, critical = false) => ({
  name,
  ok,
  critical,
  detail,
  value,
});

/** Runs every check; a check that throws or hangs is a failed check, never a crashed monitor. */
export async function runHealthChecks(deps: HealthDeps): Promise<HealthResult[]> {
  const groups = await Promise.all([
    guarded('postgres', true, async () => {
      await sql`select 1`.execute(deps.db);
      return [result('postgres', true, 'select 1 answered', null, true)];
    }),
    guarded('redis', true, async () => {
      await deps.probes.redis();
      return [result('redis', true, 'PING answered', null, true)];
    }),
    guarded('slack', true, async () => {
      await deps.probes.slack();
      return [result('slack', true, 'connected', null, true)];
    }),
    guarded('queues', false, () => queueChecks(deps)),
    guarded('disk_free', false, async () => [await diskCheck(deps)]),
    guarded('backup_freshness', false, async () => [await backupFreshness(deps)]),
    guarded('last_drill', false, async () => [await lastDrill(deps)]),
    guarded('audit_chain', false, async () => [await checkAuditHeads(deps.ownerUrl, deps.store)]),
  ]);
  return groups.flat();
}

async function guarded(name: string, critical: boolean, fn: () => Promise<HealthResult[]>): Promise<HealthResult[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (err) {
    return [result(name, false, err instanceof Error ? err.message : String(err), null, critical)];
  } finally {
    clearTimeout(timer);
  }
}

async function queueChecks(deps: HealthDeps): Promise<HealthResult[]> {
  const out: HealthResult[] = [];
  for (const q of await deps.queues.health()) {
    const lagS = Math.round(q.oldestWaitingMs / 1000);
    out.push(
      result(
        `queue_lag.${q.queue}`,
        q.oldestWaitingMs <= deps.thresholds.queueLagMs,
        `${q.waiting} waiting, ${q.active} active, oldest waiting ${lagS} s (limit ${deps.thresholds.queueLagMs / 1000} s)`,
        lagS,
      ),
      result(
        `failed_jobs.${q.queue}`,
        q.failedLastHour <= deps.thresholds.failedJobsPerHour,
        `${q.failedLastHour} failed in the last hour (limit ${deps.thresholds.failedJobsPerHour})`,
        q.failedLastHour,
      ),
    );
  }
  return out;
}

async function diskCheck(deps: HealthDeps): Promise<HealthResult> {
  const s = await statfsNearest(deps.backups.localPath);
  if (!s) return result('disk_free', false, `${deps.backups.localPath} cannot be read`);
  const freePct = (s.bavail / s.blocks) * 100;
  const freeGiB = (s.bavail * s.bsize) / 1024 ** 3;
  return result(
    'disk_free',
    freePct >= deps.thresholds.diskFreeMinPercent,
    `${freePct.toFixed(1)}% free (${freeGiB.toFixed(1)} GiB) at ${deps.backups.localPath} (minimum ${deps.thresholds.diskFreeMinPercent}%)`,
    Math.round(freePct * 10) / 10,
  );
}

/** The backup directory may not exist before the first backup: measure the disk it will be on. */
async function statfsNearest(dir: string) {
  let current = path.resolve(dir);
  for (;;) {
    const s = await statfs(current).catch(() => null);
    if (s) return s;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

async function backupFreshness(deps: HealthDeps): Promise<HealthResult> {
  if (!deps.backups.configured) {
    return result('backup_freshness', false, 'backups are off: BACKUP_HMAC_KEY is not set');
  }
  const newest = (await deps.backups.entries())[0];
  if (!newest) return result('backup_freshness', false, 'no backup has been taken yet');
  const ageS = (deps.clock.now().getTime() - newest.createdAt.getTime()) / 1000;
  const hours = (ageS / 3600).toFixed(1);
  if (verificationFailed(newest, deps.backups.keys)) {
    return result('backup_freshness', false, `the newest backup ${newest.id} failed verification`, Math.round(ageS));
  }
  const fresh = ageS * 1000 <= deps.thresholds.backupMaxAgeMs;
  const verified = isVerified(newest, deps.backups.keys) ? 'verified' : 'not verified yet';
  return result(
    'backup_freshness',
    fresh,
    `newest backup ${newest.id} is ${hours} h old (${verified}; limit ${deps.thresholds.backupMaxAgeMs / 3600_000} h)`,
    Math.round(ageS),
  );
}

async function lastDrill(deps: HealthDeps): Promise<HealthResult> {
  const newest = (await deps.backups.drills())[0];
  if (!newest) return result('last_drill', false, 'no restore drill has run yet');
  const ageS = (deps.clock.now().getTime() - Date.parse(newest.startedAt)) / 1000;
  const days = (ageS / 86400).toFixed(1);
  if (!newest.ok)
    return result('last_drill', false, `the last ${newest.kind} drill (${days} days ago) failed`, Math.round(ageS));
  return result(
    'last_drill',
    ageS * 1000 <= deps.thresholds.drillMaxAgeMs,
    `last ${newest.kind} drill passed ${days} days ago (limit ${deps.thresholds.drillMaxAgeMs / 86_400_000} days)`,
    Math.round(ageS),
  );
}
