import { proposalMessage } from '../../blocks/copilot-proposal.js';
import { inTenant } from '../db/tenant-scope.js';
import { DomainError } from '../lib/errors.js';
import { redactCommand } from '../lib/redact.js';
import { PROPOSAL_SLUG_PREFIX } from '../runbooks/service.js';
import type { CopilotDeps } from './deps.js';
import { findProposalForUpdate, type Proposal, setProposalStarted } from './repo/proposals-repo.js';

/** The one-step runbook a proposal becomes: trust level 0, so its step waits for a person. */
export function proposalRunbook(p: Pick<Proposal, 'command' | 'why' | 'afterUntrusted'>): string {
  const title = `Copilot proposal: ${p.command.replace(/\s+/g, ' ').slice(0, 60)}`;
  const fence = p.command.includes('```') ? '~~~~' : '```';
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    'trust_level: 0',
    '---',
    '',
    '# Copilot proposal',
    '',
    p.afterUntrusted ? '> Proposed after reading alert, runbook or command-output text.\n' : '',
    '## Steps',
    '',
    `1. ${p.why.replace(/\s+/g, ' ')}`,
    '',
    `   ${fence}bash`,
    ...p.command.split('\n').map((line) => `   ${line}`),
    `   ${fence}`,
    '',
  ].join('\n');
}

/**
 * A person presses Start on a proposal: the engine runs it as a one-step run in the same
 * thread (the person needs the right to start runs; the step is gated as usual). Once only.
 */
export async function startProposal(deps: CopilotDeps, who: { tenantId: string; userId: string }, proposalId: string) {
  // Checked before anything is published: a refused press leaves no runbook version behind.
  await deps.authz.require(who, 'run.start');
  return inTenant(deps.db, who.tenantId, async (trx) => {
    const p = await findProposalForUpdate(trx, proposalId);
    if (!p) throw new DomainError('not_found', 'That proposal is not known in this workspace.');
    if (p.executionId) throw new DomainError('stale_state', 'This proposal was already started; follow its run below.');
    const { executionId } = await deps.startOneStepRun({
      tenantId: who.tenantId,
      userId: who.userId,
      channelId: p.channelId,
      threadTs: p.threadTs,
      slug: `${PROPOSAL_SLUG_PREFIX}${p.id.slice(0, 8)}`,
      runbookText: proposalRunbook(p),
    });
    await setProposalStarted(trx, p.id, executionId, who.userId);
    if (p.messageTs) {
      const verdict = deps.scan(p.command);
      await deps.chat.update(
        { channel: p.channelId, ts: p.messageTs },
        proposalMessage({
          command: redactCommand(p.command),
          why: p.why,
          level: verdict.level,
          reasons: verdict.reasons.slice(0, 3).map((r) => r.message),
          gate: 'as its run step shows',
          afterUntrusted: p.afterUntrusted,
          proposalId: p.id,
          startedBy: who.userId,
        }),
      );
    }
    return { executionId };
  });
}
