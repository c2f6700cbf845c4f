import { esc } from '../../blocks/text.js';
import type { GovernanceMode } from '../approvals/policy.js';
import type { ChatPort } from '../lib/chat.js';
import type { Logger } from '../lib/logger.js';
import { redactSecrets } from '../lib/redact.js';
import type { Authorizer, Principal } from './authorizer.js';
import type { Governance } from './mode.js';

/**
 * Changes that alter how every run is gated: asked for, confirmed in Slack, checked
 * against the authorization table, audited, and announced in the incident channel so
 * nobody is surprised by them at 3 a.m.
 */
export function createAdminActions(deps: {
  governance: Pick<Governance, 'setMode' | 'mode'>;
  authz: Pick<Authorizer, 'require'>;
  runbooks: { setLocked(who: Principal, slug: string, locked: boolean, reason: string | null): Promise<string> };
  chat: ChatPort;
  incidentChannel: (tenantId: string) => Promise<string | null>;
  logger: Logger;
}) {
  async function announce(tenantId: string, text: string): Promise<void> {
    const channel = await deps.incidentChannel(tenantId);
    if (!channel) return;
    await deps.chat.post({ channel, text }).catch((err: unknown) => deps.logger.warn({ err }, 'could not announce'));
  }

  return {
    async switchMode(who: Principal, mode: GovernanceMode): Promise<{ previous: GovernanceMode }> {
      await deps.authz.require(who, 'governance.switch_mode', mode);
      const previous = await deps.governance.setMode(who.tenantId, mode, who.userId);
      if (previous !== mode) {
        await announce(
          who.tenantId,
          `⚙️ <@${who.userId}> switched the governance mode from *${previous}* to *${mode}*. ${MODE_WORDS[mode]}`,
        );
      }
      return { previous };
    },

    async setLocked(who: Principal, slug: string, locked: boolean, typed: string | null): Promise<string> {
      // The reason is stored, audited and posted: a pasted secret never is, and it posts as text.
      const reason = typed === null ? null : redactSecrets(typed);
      const title = await deps.runbooks.setLocked(who, slug, locked, reason);
      await announce(
        who.tenantId,
        locked
          ? `🔒 <@${who.userId}> locked the runbook *${esc(title)}*${reason ? ` (${esc(reason)})` : ''}: no new runs start from it.`
          : `🔓 <@${who.userId}> unlocked the runbook *${esc(title)}*.`,
      );
      return title;
    },
  };
}

export const MODE_WORDS: Record<GovernanceMode, string> = {
  strict: 'Every step needs a human, whatever the runbook’s trust level.',
  audit: 'Runbook trust levels apply: 🟢 steps of trusted runbooks may run by themselves; everything is audited.',
};

export type AdminActions = ReturnType<typeof createAdminActions>;
