import { proposalMessage } from '../../blocks/copilot-proposal.js';
import { decideGate } from '../approvals/policy.js';
import { inTenant } from '../db/tenant-scope.js';
import { redactCommand, redactSecrets } from '../lib/redact.js';
import type { CopilotDeps } from './deps.js';
import type { CommandVerdict, CopilotFacts, RunbookStepText } from './facts.js';
import { insertProposal, setProposalMessage } from './repo/proposals-repo.js';
import { incidentAudit, incidentFacts, runOfThread, searchRunbookTitles, type ThreadRef } from './repo/thread-facts.js';
import type { Turn } from './repo/turns-repo.js';

export function verdictOf(deps: Pick<CopilotDeps, 'scan'>, command: string): CommandVerdict {
  const v = deps.scan(command);
  return {
    level: v.level,
    target: v.target,
    reasons: v.reasons.slice(0, 8).map((r) => ({ ruleId: r.ruleId, level: r.level, message: r.message })),
  };
}

async function runbookVersionOfThread(deps: CopilotDeps, turn: Turn): Promise<string | null> {
  return inTenant(deps.db, turn.tenantId, async (trx) => {
    const run = await trx
      .selectFrom('executions')
      .select('runbook_version_id')
      .where('channel_id', '=', turn.channelId)
      .where('thread_ts', '=', turn.threadTs)
      .executeTakeFirst();
    if (run) return run.runbook_version_id;
    if (!turn.incidentId) return null;
    const incident = await trx
      .selectFrom('incidents')
      .select('runbook_version_id')
      .where('id', '=', turn.incidentId)
      .executeTakeFirst();
    return incident?.runbook_version_id ?? null;
  });
}

/** Open questions the compiler left in this thread's runbook (a risk signal). */
export async function ambiguitiesOfThread(deps: CopilotDeps, turn: Turn): Promise<number> {
  const versionId = await runbookVersionOfThread(deps, turn);
  if (!versionId) return 0;
  const version = await deps.runbooks.getVersion(turn.tenantId, versionId);
  return version.compiled.ambiguities?.length ?? 0;
}

async function runbookSteps(deps: CopilotDeps, turn: Turn, slug: string | null, index: number | null) {
  let versionId: string | null;
  if (slug) {
    const latest = await deps.runbooks.listLatest(turn.tenantId);
    versionId = latest.find((v) => v.slug === slug)?.id ?? null;
  } else versionId = await runbookVersionOfThread(deps, turn);
  if (!versionId) return [];
  const version = await deps.runbooks.getVersion(turn.tenantId, versionId);
  return version.compiled.steps
    .filter((s) => index === null || s.order === index)
    .slice(0, 40)
    .map(
      (s): RunbookStepText => ({
        runbookTitle: version.title,
        index: s.order,
        title: s.title,
        text: redactSecrets(index === null ? s.text.slice(0, 200) : s.text.slice(0, 3000)),
        command: s.command ? redactCommand(s.command) : null,
      }),
    );
}

/**
 * The copilot's view of one thread, from Postgres. `propose` posts a card classified by
 * the same scanner and gated by the same policy as a runbook step; it never runs anything.
 */
export function threadFacts(deps: CopilotDeps, turn: Turn): CopilotFacts {
  const thread: ThreadRef = { channelId: turn.channelId, threadTs: turn.threadTs };
  const scoped = <T>(fn: Parameters<typeof inTenant<T>>[2]) => inTenant(deps.db, turn.tenantId, fn);
  return {
    incident: () => (turn.incidentId ? scoped((trx) => incidentFacts(trx, turn.incidentId!)) : Promise.resolve(null)),
    run: () => scoped((trx) => runOfThread(trx, thread)),
    searchRunbooks: (query, limit) => scoped((trx) => searchRunbookTitles(trx, turn.tenantId, query, limit)),
    runbookStep: (slug, index) => runbookSteps(deps, turn, slug, index),
    audit: (limit) =>
      turn.incidentId ? scoped((trx) => incidentAudit(trx, turn.incidentId!, limit)) : Promise.resolve([]),
    classify: (command) => verdictOf(deps, command),
    propose: (request) => postProposal(deps, turn, request),
  };
}

async function postProposal(deps: CopilotDeps, turn: Turn, request: Parameters<CopilotFacts['propose']>[0]) {
  const verdict = verdictOf(deps, request.command);
  // A proposal has no runbook behind it: trust level 0, the strictest row of the policy.
  const gate = decideGate({
    level: verdict.level,
    hasCommand: true,
    trustLevel: 0,
    governanceMode: await deps.governanceMode(turn.tenantId),
  });
  const shown = redactCommand(request.command);
  const why = redactSecrets(request.why);
  const proposalId = await inTenant(deps.db, turn.tenantId, (trx) =>
    insertProposal(trx, {
      tenantId: turn.tenantId,
      turnId: turn.id,
      channelId: turn.channelId,
      threadTs: turn.threadTs,
      command: request.command,
      why,
      level: verdict.level,
      afterUntrusted: request.afterUntrusted,
    }),
  );
  const ref = await deps.chat.post({
    channel: turn.channelId,
    threadTs: turn.threadTs,
    ...proposalMessage({
      command: shown,
      why,
      level: verdict.level,
      reasons: verdict.reasons.slice(0, 3).map((r) => r.message),
      gate: gate.reason,
      afterUntrusted: request.afterUntrusted,
      proposalId,
    }),
  });
  await inTenant(deps.db, turn.tenantId, async (trx) => {
    await setProposalMessage(trx, proposalId, ref.ts);
    await deps.audit.append(
      {
        tenantId: turn.tenantId,
        type: 'copilot.proposal_posted',
        actor: 'system:copilot',
        subject: { type: 'copilot_turn', id: turn.id },
        data: {
          turnId: turn.id,
          command: shown,
          level: verdict.level,
          gate: gate.kind,
          afterUntrusted: request.afterUntrusted,
        },
      },
      trx,
    );
  });
  return { proposalTs: ref.ts, level: verdict.level, gate: gate.reason };
}
