/**
 * Where backups live: a local directory or an S3-compatible bucket. Keys are relative
 * paths with forward slashes (`backups/<id>.dump`). A write is all-or-nothing: a reader
 * never sees half a file under its final key.
 */
export interface BackupTarget {
  /** For people: "directory /var/backups/runbook-copilot" or "s3://bucket/prefix/". */
  readonly location: string;
  /** A local path whose free space decides whether the next backup fits. */
  readonly localPath: string;
  putFile(key: string, file: string): Promise<void>;
  putJson(key: string, value: unknown): Promise<void>;
  getToFile(key: string, file: string): Promise<void>;
  /** null when the key does not exist. */
  getJson(key: string): Promise<unknown | null>;
  /** Keys inside a folder (`backups/`), in no particular order. */
  list(prefix: string): Promise<string[]>;
  remove(keys: string[]): Promise<void>;
}
