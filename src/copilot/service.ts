import { inTenant } from '../db/tenant-scope.js';
import { DomainError } from '../lib/errors.js';
import { type TurnBundle, whyViewOf } from './bundle.js';
import type { CopilotDeps } from './deps.js';
import { processTurnJob } from './drain.js';
import { postRunCard, rateAnswer, rateRun, ratingTrend } from './feedback.js';
import { acceptMessage, type IncomingMessage } from './intake.js';
import { recalibrateAll } from './recalibrator.js';
import { findTurn } from './repo/turns-repo.js';
import { startProposal } from './start-proposal.js';

export type { CopilotDeps, ThreadLock } from './deps.js';

type Who = { tenantId: string; userId: string };

export type { IncomingMessage, IntakeOutcome } from './intake.js';

/** The threaded incident copilot: what the Slack listeners and the job workers call. */
export function createCopilotService(deps: CopilotDeps) {
  // Reading an answer's record or rating it (ratings tune the copilot's style) is reading the incident.
  const asReader = (who: Who) => deps.authz.require(who, 'incident.read');
  return {
    /** Whether a language model is configured (else the copilot says it is off, once per thread). */
    enabled: deps.model !== null,
    accept: (msg: IncomingMessage) => acceptMessage(deps, msg),
    processTurn: (tenantId: string, turnId: string) => processTurnJob(deps, tenantId, turnId),
    /** The "Why?" modal's content: the turn's audit bundle. */
    async why(who: Who, turnId: string) {
      await asReader(who);
      const turn = await inTenant(deps.db, who.tenantId, (trx) => findTurn(trx, turnId));
      if (!turn?.bundle) throw new DomainError('not_found', 'This answer has no record yet; try again in a moment.');
      return whyViewOf(turn.bundle as TurnBundle);
    },
    /** A person starts a proposal as a one-step run (gated by the engine like any step). */
    startProposal: (who: { tenantId: string; userId: string }, proposalId: string) =>
      startProposal(deps, who, proposalId),
    async rateAnswer(who: Who, turnId: string, rating: number) {
      await asReader(who);
      return rateAnswer(deps, who, turnId, rating);
    },
    async rateRun(who: Who, executionId: string, rating: number, note: string | null) {
      await asReader(who);
      return rateRun(deps, who, executionId, rating, note);
    },
    /** After a run moved: when it has ended, its feedback card (once). Never fails the caller. */
    afterAdvance: (tenantId: string, executionId: string) =>
      postRunCard(deps, tenantId, executionId).catch((err: unknown) =>
        deps.logger.warn({ err, executionId }, 'could not post the run feedback card'),
      ),
    trend: (tenantId: string) => ratingTrend(deps, tenantId),
    recalibrate: () => recalibrateAll(deps),
  };
}

export type CopilotService = ReturnType<typeof createCopilotService>;
