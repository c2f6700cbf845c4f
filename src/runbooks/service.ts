import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';
import type { RunbookSpec } from '../executions/ports.js';
import type { Authorizer, Principal } from '../governance/authorizer.js';
import { DomainError, errorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { type AlertForMatching, type MatchResult, scoreCandidates } from './matcher.js';
import { type CompileRunbook, PROPOSAL_SLUG_PREFIX, type PublishInput, publishVersion, slugify } from './publish.js';
import { findVersion, listLatest, lockOfVersion, type StoredVersion, searchLatest, setRunbookLock } from './repo.js';
import { toSpec } from './spec.js';

export type { CompileRunbook, Publisher, PublishInput } from './publish.js';

const RUNBOOK_FILE = /\.(md|markdown|html?|txt)$/i;
/** Files that live beside runbooks but are not runbooks (the list `lint` skips), and `_`-prefixed drafts. */
const NOT_A_RUNBOOK =
  /^(?:_.*|(?:readme|changelog|license|licence|notice|source|authors|contributing|code_of_conduct)(?:\.[a-z]+)?)$/i;

export interface RunbookServiceDeps {
  db: Db;
  audit: AuditLog;
  logger: Logger;
  compile: CompileRunbook;
  authz: Pick<Authorizer, 'require'>;
}

export { PROPOSAL_SLUG_PREFIX };

/** Runbooks: immutable versions in Postgres, compiled from files, Slack or HTTP; matched to alerts. */
export function createRunbookService(deps: RunbookServiceDeps) {
  // Versions never change, so a compiled spec can be cached for the life of the process.
  const specCache = new Map<string, RunbookSpec>();
  const scoped = <T>(tenantId: string, fn: (trx: Kysely<Database>) => Promise<T>) => inTenant(deps.db, tenantId, fn);

  async function version(tenantId: string, versionId: string): Promise<StoredVersion> {
    const found = await scoped(tenantId, (trx) => findVersion(trx, tenantId, versionId));
    if (!found) throw new DomainError('runbook_not_found', 'That runbook version does not exist.');
    return found;
  }

  return {
    publish: (input: PublishInput) => publishVersion(deps, input),

    /** Loads every runbook file of a folder; a file that fails is reported, the rest still load. */
    syncFolder: (tenantId: string, dir: string) => syncFolder(deps, tenantId, dir),

    getVersion: version,

    async getSpec(tenantId: string, versionId: string): Promise<RunbookSpec> {
      // Keyed by tenant too: a version id read by its own tenant is never served to another.
      const key = `${tenantId}/${versionId}`;
      const cached = specCache.get(key);
      if (cached) return cached;
      const spec = toSpec(await version(tenantId, versionId));
      specCache.set(key, spec);
      return spec;
    },

    lockOf: (tenantId: string, versionId: string) => scoped(tenantId, (trx) => lockOfVersion(trx, versionId)),

    /** An admin locks a runbook (no new runs) or unlocks it; audited. Returns its title. */
    async setLocked(who: Principal, slug: string, locked: boolean, reason: string | null): Promise<string> {
      await deps.authz.require(who, 'runbook.lock', slug);
      return scoped(who.tenantId, async (trx) => {
        const title = await setRunbookLock(trx, who.tenantId, slug, locked ? { by: who.userId, reason } : null);
        if (title === null)
          throw new DomainError('runbook_not_found', `No runbook \`${slug}\`. See \`/runbook list\`.`);
        await deps.audit.append(
          locked
            ? {
                tenantId: who.tenantId,
                type: 'runbook.locked',
                actor: who.userId,
                subject: { type: 'runbook', id: slug },
                data: { slug, reason },
              }
            : {
                tenantId: who.tenantId,
                type: 'runbook.unlocked',
                actor: who.userId,
                subject: { type: 'runbook', id: slug },
                data: { slug },
              },
          trx,
        );
        return title;
      });
    },

    listLatest: (tenantId: string) => scoped(tenantId, (trx) => listLatest(trx, tenantId)),

    async match(tenantId: string, alert: AlertForMatching): Promise<MatchResult> {
      return scoped(tenantId, async (trx) => {
        // A started copilot proposal is a one-step runbook for one thread, never an alert's match.
        const versions = (await listLatest(trx, tenantId)).filter((v) => !v.slug.startsWith(PROPOSAL_SLUG_PREFIX));
        const words = `${alert.title} ${alert.service ?? ''} ${alert.keywords.join(' ')}`.split(/[^A-Za-z0-9]+/);
        const hits = await searchLatest(trx, tenantId, words, 10);
        return scoreCandidates(alert, versions, hits);
      });
    },
  };
}

async function syncFolder(
  deps: RunbookServiceDeps,
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
      const { created } = await publishVersion(deps, {
        tenantId,
        slug: file.replace(RUNBOOK_FILE, ''),
        text,
        sourceKind: 'file',
        publisher: { kind: 'operator', name: `system:file:${file}` },
        fileName: file,
      });
      (created ? report.loaded : report.unchanged).push(file);
    } catch (err) {
      report.failed.push({ file, error: errorMessage(err) });
      deps.logger.warn({ file, err }, 'runbook file did not load');
    }
  }
  return report;
}

export type RunbookService = ReturnType<typeof createRunbookService>;

export { toSpec } from './spec.js';

export { slugify };
