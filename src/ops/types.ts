/**
 * What the operations feature keeps about itself. Backups are self-describing: the target
 * (a directory or a bucket) holds each dump with its signed manifest and, once checked,
 * its signed verification record, so a team that lost its database can still tell which
 * backup to trust without that database.
 */

export const MANIFEST_FORMAT = 'runbook-copilot-backup/1';

export interface Signature {
  alg: 'HMAC-SHA256';
  /** First 16 hex chars of sha256(key): names the key without revealing it. */
  keyId: string;
  value: string;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  createdAt: string;
  database: { name: string; serverVersion: string };
  file: { key: string; bytes: number; sha256: string };
  /** Exact counts, taken in the same snapshot pg_dump used. */
  rowCounts: Record<string, number>;
  auditChainHeads: Array<{ tenantId: string; seq: number; headHash: string }>;
  schemaVersion: string | null;
  tools: { pgDump: string; node: string; product: string };
  durationMs: number;
}

export type SignedManifest = BackupManifest & { signature: Signature };

export interface CheckResult {
  name: string;
  ok: boolean;
  /** false = not run (an earlier check failed and running this one would prove nothing). */
  ran: boolean;
  detail: string;
}

export interface VerificationRecord {
  backupId: string;
  verifiedAt: string;
  ok: boolean;
  checks: CheckResult[];
  durationMs: number;
  restoreMs: number;
  bytes: number;
  /** Restored bytes per second (MB/s, 10^6). */
  throughputMBps: number;
}

export type SignedVerification = VerificationRecord & { signature: Signature };

export interface BackupEntry {
  id: string;
  createdAt: Date;
  manifest: SignedManifest;
  verification: SignedVerification | null;
}

export type DrillKind = 'quick' | 'full';

export interface DrillRecord {
  id: string;
  kind: DrillKind;
  startedAt: string;
  ok: boolean;
  backupId: string | null;
  /** Time to recover: restore (quick) or restore → product up → alert announced (full). */
  rtoMs: number | null;
  /** Data a disaster now would lose: the age of the backup restored. */
  rpoMs: number | null;
  checks: CheckResult[];
  /** Phases of the drill and how long each took. */
  phases: Record<string, number>;
}

export type SignedDrill = DrillRecord & { signature: Signature };
