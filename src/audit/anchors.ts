import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A chain head written outside the database: the tenant, how many events the chain had,
 * the hash of the newest one, and when. The database's owner can rewrite rows and the
 * head table consistently; they cannot rewrite these. `audit verify` holds the chain
 * against every anchor it can read.
 */
export interface Anchor {
  tenantId: string;
  seq: number;
  headHash: string;
  at: string;
  /** Where it was written (a file, a Slack channel): for the verifier's report. */
  source: string;
}

/**
 * Anchors as JSON lines in a file on the app's host (AUDIT_ANCHOR_FILE): appended, never
 * rewritten by the product; the database role cannot reach it. Copy it off the host (or
 * point it at storage with object lock) for anchors that outlive the host.
 */
export function createFileAnchors(file: string) {
  return {
    async append(anchors: Anchor[]): Promise<void> {
      if (anchors.length === 0) return;
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, anchors.map((a) => `${JSON.stringify({ ...a, source: undefined })}\n`).join(''), {
        mode: 0o640,
      });
    },
    async read(): Promise<Anchor[]> {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as { code?: string }).code === 'ENOENT') return [];
        throw err;
      }
      return text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => ({ ...(JSON.parse(line) as Omit<Anchor, 'source'>), source: `file ${file}` }));
    },
  };
}
