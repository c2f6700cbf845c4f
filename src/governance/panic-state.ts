import type { Kysely } from 'kysely';
import { esc } from '../../blocks/text.js';
import type { Database } from '../db/types.js';

/** The panic switch as it stands for one workspace: pulled for it, or for the whole install. */
export interface PanicState {
  scope: 'global' | 'tenant';
  pulledBy: string;
  reason: string | null;
  pulledAt: Date;
}

export const scopeKey = (tenantId: string | null): string => (tenantId ? `tenant:${tenantId}` : 'global');

/**
 * Reads the switch from Postgres (the truth; Redis only carries the news fast). Checked
 * before a run starts, before a step is reached, and before a worker starts a command.
 */
export async function panicStateFor(db: Kysely<Database>, tenantId: string): Promise<PanicState | null> {
  const rows = await db
    .selectFrom('panic_switch')
    .selectAll()
    .where('scope', 'in', ['global', scopeKey(tenantId)])
    .orderBy('scope')
    .execute();
  const row = rows[0];
  if (!row) return null;
  return {
    scope: row.scope === 'global' ? 'global' : 'tenant',
    pulledBy: row.pulled_by,
    reason: row.reason,
    pulledAt: row.pulled_at,
  };
}

/** What a refusal says while the switch is on. */
export function haltedWords(state: PanicState): string {
  const who = /^[UW][A-Z0-9]+$/.test(state.pulledBy) ? `<@${state.pulledBy}>` : state.pulledBy;
  const where = state.scope === 'global' ? 'for the whole install' : 'in this workspace';
  // Shown in Slack: the reason a person typed is text, never a mention or a link.
  return `The panic switch is on ${where} (pulled by ${who}${state.reason ? `: ${esc(state.reason)}` : ''}); nothing runs until an admin lifts it.`;
}
