import { type Kysely, sql } from 'kysely';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';
import type { ChatPort } from '../lib/chat.js';
import type { Logger } from '../lib/logger.js';
import { type Anchor, createFileAnchors } from './anchors.js';

/**
 * Writes every tenant's chain head outside the database: to the anchor file, and (when an
 * audit channel is configured) as a message people can see and the database's owner
 * cannot edit. Runs on a schedule and on demand (`runbook-copilot audit anchor`).
 */
export function createAnchoring(deps: {
  db: Kysely<Database>;
  file: string;
  chat?: ChatPort;
  auditChannel?: string | undefined;
  logger?: Logger;
}) {
  const fileAnchors = createFileAnchors(deps.file);
  return {
    async anchorAll(): Promise<Anchor[]> {
      const tenants = await sql<{ t: string }>`select rbc_system_tenants() as t`.execute(deps.db);
      const at = new Date().toISOString();
      const anchors: Anchor[] = [];
      for (const { t: tenantId } of tenants.rows) {
        const head = await inTenant(deps.db, tenantId, (trx) =>
          trx
            .selectFrom('audit_chain_heads')
            .select(['seq', 'head_hash'])
            .where('tenant_id', '=', tenantId)
            .executeTakeFirst(),
        );
        if (head)
          anchors.push({ tenantId, seq: Number(head.seq), headHash: head.head_hash, at, source: `file ${deps.file}` });
      }
      await fileAnchors.append(anchors);
      await postAnchors(deps, anchors);
      return anchors;
    },
    read: () => fileAnchors.read(),
  };
}

async function postAnchors(
  deps: { chat?: ChatPort; auditChannel?: string | undefined; logger?: Logger },
  anchors: Anchor[],
): Promise<void> {
  if (!deps.chat || !deps.auditChannel || anchors.length === 0) return;
  const lines = anchors.map((a) => `• \`${a.tenantId}\` event #${a.seq} · head \`${a.headHash}\``);
  await deps.chat
    .post({
      channel: deps.auditChannel,
      text: `🔗 Audit chain anchors, ${anchors[0]!.at}\n${lines.join('\n')}`,
      postKey: { eventType: 'audit_anchor', key: anchors[0]!.at },
    })
    .catch((err: unknown) => deps.logger?.warn({ err }, 'could not post the audit anchors to Slack'));
}

export type Anchoring = ReturnType<typeof createAnchoring>;
