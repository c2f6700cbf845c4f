import type { KnownBlock } from '@slack/types';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditEventInput } from '../audit/events.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ChatPort } from '../lib/chat.js';
import type { Logger } from '../lib/logger.js';

/**
 * Installation-wide operations facts (backups, drills, health) have no Slack workspace;
 * they form their own audit chain under this tenant id, which no Slack team id can take
 * (those are upper-case letters and digits).
 */
export const OPS_AUDIT_TENANT = '_ops';

export interface OpsMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** An audit event whose tenant defaults to the ops chain (distributes over the event union). */
export type OpsAuditEvent = AuditEventInput extends infer E
  ? E extends AuditEventInput
    ? Omit<E, 'tenantId'> & { tenantId?: string }
    : never
  : never;

export interface OpsReporter {
  /** Posts to the ops channel; false when none is configured or Slack refused (logged). */
  post(message: OpsMessage): Promise<boolean>;
  audit(event: OpsAuditEvent): Promise<void>;
}

export function createOpsReporter(deps: {
  db: Db;
  audit: AuditLog;
  chat: ChatPort | null;
  channel: string | null;
  logger: Logger;
}): OpsReporter {
  return {
    async post(message) {
      if (!deps.chat || !deps.channel) {
        deps.logger.info({ text: message.text }, 'ops message (no ops channel configured)');
        return false;
      }
      try {
        await deps.chat.post({ channel: deps.channel, ...message });
        return true;
      } catch (err) {
        deps.logger.error({ err, text: message.text }, 'could not post to the ops channel');
        return false;
      }
    },
    async audit(event) {
      const tenantId = event.tenantId ?? OPS_AUDIT_TENANT;
      await inTenant(deps.db, tenantId, (trx) => deps.audit.append({ ...event, tenantId } as AuditEventInput, trx));
    },
  };
}
