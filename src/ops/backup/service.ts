import {
  backupFailedMessage,
  backupTakenMessage,
  pruneMessage,
  verificationMessage,
} from '../../../blocks/ops-backup.js';
import { DomainError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import type { OpsReporter } from '../reporter.js';
import type { BackupEntry, CheckResult, SignedManifest, SignedVerification } from '../types.js';
import { isVerified, KEYS, listBackups, verificationFailed } from './catalog.js';
import { sign, verifySignature } from './manifest-signing.js';
import { type KeepCounts, planRetention, type RetentionPlan } from './retention.js';
import { type BackupDeps, requireKeys, takeBackup } from './take-backup.js';
import { type RestoredCopy, verifyBackup } from './verify-backup.js';

export interface BackupServiceDeps extends BackupDeps {
  reporter: OpsReporter;
  keep: KeepCounts;
  logger: Logger;
}

export interface BackupListItem {
  id: string;
  createdAt: string;
  bytes: number;
  sha256: string;
  /** true: passed its last verification · false: failed it · null: never verified. */
  verified: boolean | null;
  verifiedAt: string | null;
  manifestSignatureOk: boolean;
}

export type PrunePlan = RetentionPlan & { dryRun: boolean; location: string };

export function createBackupService(deps: BackupServiceDeps) {
  const keys = deps.hmacKeys;

  async function backupNow(actor: string): Promise<SignedManifest> {
    let manifest: SignedManifest;
    try {
      manifest = await takeBackup(deps);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await deps.reporter.audit({ type: 'ops.backup_failed', actor, data: { error, location: deps.target.location } });
      await deps.reporter.post(backupFailedMessage({ error, location: deps.target.location }));
      throw err;
    }
    await deps.reporter.audit({
      type: 'ops.backup_created',
      actor,
      subject: { type: 'backup', id: manifest.id },
      data: {
        bytes: manifest.file.bytes,
        sha256: manifest.file.sha256,
        location: deps.target.location,
        schemaVersion: manifest.schemaVersion,
        auditChainHeads: manifest.auditChainHeads,
      },
    });
    const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
    await deps.reporter.post(
      backupTakenMessage({
        id: manifest.id,
        bytes: manifest.file.bytes,
        durationMs: manifest.durationMs,
        location: deps.target.location,
        tables: Object.keys(manifest.rowCounts).length,
        rows,
      }),
    );
    return manifest;
  }

  async function find(which: string): Promise<BackupEntry> {
    const entries = await listBackups(deps.target);
    const entry = which === 'latest' ? entries[0] : entries.find((e) => e.id === which);
    if (!entry) {
      throw new DomainError(
        'not_found',
        which === 'latest'
          ? `No backups in ${deps.target.location} yet.`
          : `No backup ${which} in ${deps.target.location}.`,
      );
    }
    return entry;
  }

  /** Restores and checks one backup; records, audits and posts the outcome. Failures alert loudly. */
  async function verify(which: string, actor: string, keep?: (copy: RestoredCopy) => Promise<CheckResult[]>) {
    requireKeys(keys);
    const entry = await find(which);
    const record = await verifyBackup(deps, entry, keep);
    const signed: SignedVerification = sign(record, keys);
    await deps.target.putJson(KEYS.verification(entry.id), signed);
    await deps.reporter.audit({
      type: record.ok ? 'ops.backup_verified' : 'ops.backup_verification_failed',
      actor,
      subject: { type: 'backup', id: entry.id },
      data: {
        checks: record.checks.map((c) => ({ name: c.name, ok: c.ok, ran: c.ran })),
        failed: record.checks.filter((c) => c.ran && !c.ok).map((c) => `${c.name}: ${c.detail}`),
        durationMs: record.durationMs,
        restoreMs: record.restoreMs,
        throughputMBps: record.throughputMBps,
      },
    });
    if (!record.ok) deps.logger.error({ backupId: entry.id, checks: record.checks }, 'backup failed verification');
    await deps.reporter.post(verificationMessage(record));
    return { record, manifest: entry.manifest };
  }

  async function plan(): Promise<RetentionPlan> {
    const entries = await listBackups(deps.target);
    return planRetention(
      entries.map((e) => ({
        id: e.id,
        createdAt: e.createdAt,
        verified: isVerified(e, keys),
        failed: verificationFailed(e, keys),
      })),
      deps.keep,
    );
  }

  async function prune(options: { dryRun: boolean; actor: string }): Promise<PrunePlan> {
    const result = await plan();
    if (!options.dryRun) {
      for (const p of result.prune) {
        await deps.target.remove([KEYS.dump(p.id), KEYS.manifest(p.id), KEYS.verification(p.id)]);
        await deps.reporter.audit({
          type: 'ops.backup_pruned',
          actor: options.actor,
          subject: { type: 'backup', id: p.id },
          data: { reason: p.reason, location: deps.target.location },
        });
      }
      if (result.prune.length || result.held.length) {
        await deps.reporter.post(pruneMessage({ pruned: result.prune, held: result.held, kept: result.keep.length }));
      }
    }
    return { ...result, dryRun: options.dryRun, location: deps.target.location };
  }

  async function list(): Promise<BackupListItem[]> {
    const entries = await listBackups(deps.target);
    return entries.map((e) => ({
      id: e.id,
      createdAt: e.createdAt.toISOString(),
      bytes: e.manifest.file?.bytes ?? 0,
      sha256: e.manifest.file?.sha256 ?? '',
      verified: isVerified(e, keys) ? true : verificationFailed(e, keys) ? false : null,
      verifiedAt: e.verification?.verifiedAt ?? null,
      manifestSignatureOk: keys.length > 0 && verifySignature(e.manifest, keys).ok,
    }));
  }

  return {
    location: deps.target.location,
    backupNow,
    verify,
    prune,
    list,
    entries: () => listBackups(deps.target),
    /** The nightly job: back up, verify what was just written, apply retention. */
    async scheduled(verifyAfter: boolean) {
      const manifest = await backupNow('system:ops-schedule');
      if (verifyAfter) await verify(manifest.id, 'system:ops-schedule');
      await prune({ dryRun: false, actor: 'system:ops-schedule' });
      return manifest;
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
