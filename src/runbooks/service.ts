import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import type { RunbookSpec } from '../executions/ports.js';
import { DomainError, errorMessage } from '../lib/errors.js';
import { sha256Hex } from '../lib/hashing.js';
import type { Logger } from '../lib/logger.js';
import { type AlertForMatching, type MatchResult, scoreCandidates } from './matcher.js';
import {
  findLatestBySlug,
  findVersion,
  insertVersion,
  listLatest,
  lockRunbook,
  type StoredVersion,
  searchLatest,
} from './repo.js';
import { toSpec } from './spec.js';
import type { CompiledRunbook, CompileOptions } from './types.js';

export type CompileRunbook = (text: string, options?: CompileOptions) => CompiledRunbook | Promise<CompiledRunbook>;

const RUNBOOK_FILE = /\.(md|markdown|html?|txt)$/i;
/** Files that live beside runbooks but are not runbooks (the list `lint` skips), and `_`-prefixed drafts. */
const NOT_A_RUNBOOK =
  /^(?:_.*|(?:readme|changelog|license|licence|notice|source|authors|contributing|code_of_conduct)(?:\.[a-z]+)?)$/i;

/** Runbooks: immutable versions in Postgres, compiled from files, Slack or HTTP; matched to alerts. */
export function createRunbookService(deps: { db: Db; audit: AuditLog; logger: Logger; compile: CompileRunbook }) {
  // Versions never change, so a compiled spec can be cached for the life of the process.
  const specCache = new Map<string, RunbookSpec>();

  async function addVersion(input: {
    tenantId: string;
    slug?: string;
    text: string;
    sourceKind: 'file' | 'slack' | 'http';
    createdBy: string;
    fileName?: string;
  }): Promise<{ version: StoredVersion; created: boolean }> {
    const sha256 = sha256Hex(input.text);
    // Same text as the newest version: nothing changed, nothing to add. With a known slug (files) this is
    // checked before compiling: with an LLM a compile is a slow, paid call, and every start syncs the folder.
    const known = input.slug ? await findLatestBySlug(deps.db, input.tenantId, input.slug) : null;
    if (known && known.sourceSha256 === sha256) return { version: known, created: false };
    const compiled = await deps.compile(input.text, input.fileName ? { fileName: input.fileName } : {});
    const slug = input.slug ?? slugify(compiled.title);
    const latest = input.slug ? known : await findLatestBySlug(deps.db, input.tenantId, slug);
    if (latest && latest.sourceSha256 === sha256) return { version: latest, created: false };
    return deps.db.transaction().execute(async (trx) => {
      // Checked again under the runbook's row lock: two replicas syncing one folder add one version, not two.
      await lockRunbook(trx, input.tenantId, slug);
      const current = await findLatestBySlug(trx, input.tenantId, slug);
      if (current && current.sourceSha256 === sha256) return { version: current, created: false };
      const stored = await insertVersion(trx, {
        tenantId: input.tenantId,
        slug,
        sourceKind: input.sourceKind,
        sourceText: input.text,
        compiled: { ...compiled, source: { ...compiled.source, sha256 } },
        createdBy: input.createdBy,
      });
      await deps.audit.append(
        {
          tenantId: input.tenantId,
          type: 'runbook.version_created',
          actor: input.createdBy,
          subject: { type: 'runbook', id: stored.runbookId },
          data: {
            slug,
            version: stored.version,
            versionId: stored.id,
            title: stored.title,
            sourceKind: input.sourceKind,
            sourceSha256: stored.sourceSha256,
            steps: compiled.steps.length,
            compiler: compiled.compiler,
          },
        },
        trx,
      );
      return { version: stored, created: true };
    });
  }

  return {
    addVersion,

    /** Loads every runbook file of a folder; a file that fails is reported, the rest still load. */
    async syncFolder(
      tenantId: string,
      dir: string,
    ): Promise<{ loaded: string[]; unchanged: string[]; failed: Array<{ file: string; error: string }> }> {
      const report = {
        loaded: [] as string[],
        unchanged: [] as string[],
        failed: [] as Array<{ file: string; error: string }>,
      };
      let files: string[];
      try {
        files = (await fs.readdir(dir)).filter((f) => RUNBOOK_FILE.test(f) && !NOT_A_RUNBOOK.test(f)).sort();
      } catch (err) {
        throw new DomainError('runbook_invalid', `Cannot read the runbooks folder ${dir}: ${errorMessage(err)}`);
      }
      for (const file of files) {
        try {
          const text = await fs.readFile(path.join(dir, file), 'utf8');
          const slug = file.replace(RUNBOOK_FILE, '');
          const { created } = await addVersion({
            tenantId,
            slug,
            text,
            sourceKind: 'file',
            createdBy: `system:file:${file}`,
            fileName: file,
          });
          (created ? report.loaded : report.unchanged).push(file);
        } catch (err) {
          report.failed.push({ file, error: errorMessage(err) });
          deps.logger.warn({ file, err }, 'runbook file did not load');
        }
      }
      return report;
    },

    async getVersion(tenantId: string, versionId: string): Promise<StoredVersion> {
      const version = await findVersion(deps.db, tenantId, versionId);
      if (!version) throw new DomainError('runbook_not_found', 'That runbook version does not exist.');
      return version;
    },

    async getSpec(tenantId: string, versionId: string): Promise<RunbookSpec> {
      // Keyed by tenant too: a version id read by its own tenant is never served to another.
      const key = `${tenantId}/${versionId}`;
      const cached = specCache.get(key);
      if (cached) return cached;
      const version = await findVersion(deps.db, tenantId, versionId);
      if (!version) throw new DomainError('runbook_not_found', 'That runbook version does not exist.');
      const spec = toSpec(version);
      specCache.set(key, spec);
      return spec;
    },

    listLatest: (tenantId: string) => listLatest(deps.db, tenantId),

    async match(tenantId: string, alert: AlertForMatching): Promise<MatchResult> {
      const versions = await listLatest(deps.db, tenantId);
      const words = `${alert.title} ${alert.service ?? ''} ${alert.keywords.join(' ')}`.split(/[^A-Za-z0-9]+/);
      const hits = await searchLatest(deps.db, tenantId, words, 10);
      return scoreCandidates(alert, versions, hits);
    },
  };
}

export type RunbookService = ReturnType<typeof createRunbookService>;

export { toSpec } from './spec.js';

export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'runbook'
  );
}
