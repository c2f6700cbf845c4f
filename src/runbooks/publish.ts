import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { Authorizer } from '../governance/authorizer.js';
import { DomainError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hashing.js';
import { diffVersions, type VersionDiff } from './diff.js';
import { findLatestBySlug, insertVersion, lockRunbook, type StoredVersion } from './repo.js';
import type { CompiledRunbook, CompileOptions } from './types.js';

export type CompileRunbook = (text: string, options?: CompileOptions) => CompiledRunbook | Promise<CompiledRunbook>;

/**
 * Who publishes a version, and with what right. A person in Slack is checked against the
 * authorization table; an HTTP token carries the role it was configured with; the
 * operator's runbooks folder is trusted (it is deployed like code).
 */
export type Publisher =
  | { kind: 'person'; userId: string }
  | { kind: 'token'; name: string; role: 'author' | 'admin' }
  | { kind: 'operator'; name: string };

export interface PublishInput {
  tenantId: string;
  slug?: string;
  text: string;
  sourceKind: 'file' | 'slack' | 'http';
  publisher: Publisher;
  fileName?: string;
}

export interface Published {
  version: StoredVersion;
  created: boolean;
  diff: VersionDiff | null;
}

export interface PublishDeps {
  db: Db;
  audit: AuditLog;
  compile: CompileRunbook;
  authz: Pick<Authorizer, 'require'>;
}

function createdByOf(publisher: Publisher): string {
  if (publisher.kind === 'person') return publisher.userId;
  if (publisher.kind === 'token') return `http:${publisher.name}`;
  return publisher.name;
}

/** `author` to publish at all; `admin` to raise the trust level or change who may approve (see diff.ts). */
async function authorize(deps: PublishDeps, input: PublishInput, diff: VersionDiff | null): Promise<void> {
  const { publisher } = input;
  if (publisher.kind === 'operator') return;
  if (publisher.kind === 'person') {
    const who = { tenantId: input.tenantId, userId: publisher.userId };
    await deps.authz.require(who, 'runbook.publish');
    if (diff?.needsAdmin) await deps.authz.require(who, 'runbook.raise_trust', diff.summary);
    return;
  }
  if (diff?.needsAdmin && publisher.role !== 'admin') {
    throw new DomainError(
      'not_authorized',
      `This version raises the runbook's trust or changes who may approve it (${diff.summary}): that needs a token with the admin role.`,
    );
  }
}

/** Slugs of the one-step runbooks a started copilot proposal is published as (hidden from the list). */
export const PROPOSAL_SLUG_PREFIX = 'copilot-proposal-';
const SLUG = /^[a-z0-9][a-z0-9_-]{0,119}$/;

/**
 * A slug someone outside sends (an HTTP upload) names a runbook in buttons, commands and
 * the list: lowercase letters, digits, `-` and `_` only, and never the copilot's hidden
 * prefix (a runbook published there would be missing from `/runbook list`). The operator's
 * folder is trusted, as it is deployed like code.
 */
function assertSlug(input: PublishInput, slug = input.slug): void {
  if (slug === undefined || input.publisher.kind === 'operator') return;
  if (!SLUG.test(slug) || slug.startsWith(PROPOSAL_SLUG_PREFIX)) {
    throw new DomainError(
      'invalid_input',
      `A slug is 1–120 lowercase letters, digits, "-" or "_", and does not start with "${PROPOSAL_SLUG_PREFIX}".`,
    );
  }
}

/**
 * Every edit becomes a new immutable version (never an overwrite), audited with what it
 * changed. The same text as the newest version adds nothing.
 */
export async function publishVersion(deps: PublishDeps, input: PublishInput): Promise<Published> {
  const { tenantId } = input;
  assertSlug(input);
  if (input.publisher.kind === 'person') {
    // Checked before compiling: a compile with an LLM is slow and paid.
    await deps.authz.require({ tenantId, userId: input.publisher.userId }, 'runbook.publish');
  }
  const sha256 = sha256Hex(input.text);
  const known = input.slug
    ? await inTenant(deps.db, tenantId, (trx) => findLatestBySlug(trx, tenantId, input.slug!))
    : null;
  if (known && known.sourceSha256 === sha256) return { version: known, created: false, diff: null };
  const compiled = await deps.compile(input.text, input.fileName ? { fileName: input.fileName } : {});
  const slug = input.slug ?? slugify(compiled.title);
  // A title such as "Copilot proposal …" must not slug into the hidden prefix either.
  assertSlug(input, slug);
  const latest = input.slug ? known : await inTenant(deps.db, tenantId, (trx) => findLatestBySlug(trx, tenantId, slug));
  if (latest && latest.sourceSha256 === sha256) return { version: latest, created: false, diff: null };
  const diff = diffVersions(latest?.compiled ?? null, compiled);
  await authorize(deps, input, diff);
  return inTenant(deps.db, tenantId, async (trx) => {
    // Checked again under the runbook's row lock: two replicas syncing one folder add one version, not two.
    await lockRunbook(trx, tenantId, slug);
    const current = await findLatestBySlug(trx, tenantId, slug);
    if (current && current.sourceSha256 === sha256) return { version: current, created: false, diff: null };
    const stored = await insertVersion(trx, {
      tenantId,
      slug,
      sourceKind: input.sourceKind,
      sourceText: input.text,
      compiled: { ...compiled, source: { ...compiled.source, sha256 } },
      createdBy: createdByOf(input.publisher),
    });
    await deps.audit.append(
      {
        tenantId,
        type: 'runbook.version_created',
        actor: createdByOf(input.publisher),
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
          diff: { summary: diff.summary, trustLevel: diff.trustLevel, approversAdded: diff.approversAdded },
        },
      },
      trx,
    );
    return { version: stored, created: true, diff };
  });
}

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
