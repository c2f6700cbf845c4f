import os from 'node:os';
import path from 'node:path';
import type { OpsConfig } from '../../config-ops.js';
import { localDirectoryTarget } from './local-directory.js';
import { s3BucketTarget } from './s3-bucket.js';
import type { BackupTarget } from './target.js';

/** The S3 bucket when BACKUP_S3_BUCKET is set, else the directory BACKUP_DIR. */
export function targetFromConfig(backup: OpsConfig['backup']): BackupTarget {
  return backup.s3 ? s3BucketTarget(backup.s3, workDirFor(backup)) : localDirectoryTarget(backup.dir);
}

/** Where dumps are written before upload and downloaded before a restore. */
export function workDirFor(backup: OpsConfig['backup']): string {
  return backup.workDir ?? path.join(os.tmpdir(), 'runbook-copilot-ops');
}

export type { BackupTarget };
