import { runFeedbackCard } from '../../blocks/feedback.js';
import { inTenant } from '../db/tenant-scope.js';
import { DomainError } from '../lib/errors.js';
import { redactSecrets } from '../lib/redact.js';
import type { CopilotDeps } from './deps.js';
import { upsertFeedback, weeklyTrend } from './repo/feedback-repo.js';
import { claimNotice, findTurn } from './repo/turns-repo.js';

export interface Rater {
  tenantId: string;
  userId: string;
}

async function record(
  deps: CopilotDeps,
  who: Rater,
  card: { kind: 'answer' | 'run'; subjectId: string; team: string; rating: number; note: string | null },
) {
  const note = card.note ? redactSecrets(card.note).slice(0, 1000) : null;
  await inTenant(deps.db, who.tenantId, async (trx) => {
    await upsertFeedback(trx, { tenantId: who.tenantId, userId: who.userId, ...card, note });
    await deps.audit.append(
      {
        tenantId: who.tenantId,
        type: 'copilot.feedback_given',
        actor: who.userId,
        subject: { type: 'copilot_turn', id: card.subjectId },
        data: { kind: card.kind, subjectId: card.subjectId, team: card.team, rating: card.rating, note },
      },
      trx,
    );
  });
}

/** The 1–5 under an answer. */
export async function rateAnswer(deps: CopilotDeps, who: Rater, turnId: string, rating: number): Promise<void> {
  const turn = await inTenant(deps.db, who.tenantId, (trx) => findTurn(trx, turnId));
  if (!turn) throw new DomainError('not_found', 'That copilot answer is not known in this workspace.');
  await record(deps, who, { kind: 'answer', subjectId: turn.id, team: turn.team, rating, note: null });
}

/** The team of a run: its incident's service (a proposal's run belongs to the incident of its thread). */
async function teamOfRun(deps: CopilotDeps, tenantId: string, executionId: string): Promise<string> {
  const row = await inTenant(deps.db, tenantId, (trx) =>
    trx
      .selectFrom('executions as e')
      .leftJoin('incidents as i', (j) =>
        j.on((eb) =>
          eb.or([
            eb('i.id', '=', eb.ref('e.incident_id')),
            eb.and([eb('i.channel_id', '=', eb.ref('e.channel_id')), eb('i.message_ts', '=', eb.ref('e.thread_ts'))]),
          ]),
        ),
      )
      .select(['e.id', 'i.service'])
      .where('e.id', '=', executionId)
      .executeTakeFirst(),
  );
  if (!row) throw new DomainError('not_found', 'That run is not known in this workspace.');
  return row.service ?? 'unassigned';
}

/** The end-of-run card: a rating, and later (from the modal) an optional note. */
export async function rateRun(deps: CopilotDeps, who: Rater, executionId: string, rating: number, note: string | null) {
  const team = await teamOfRun(deps, who.tenantId, executionId);
  await record(deps, who, { kind: 'run', subjectId: executionId, team, rating, note });
}

/** Posts the end-of-run card in the run's thread, once, when the run has ended. */
export async function postRunCard(deps: CopilotDeps, tenantId: string, executionId: string): Promise<void> {
  const run = await inTenant(deps.db, tenantId, async (trx) => {
    const row = await trx
      .selectFrom('executions')
      .select(['channel_id', 'thread_ts', 'state'])
      .where('id', '=', executionId)
      .executeTakeFirst();
    if (!row || row.state === 'running') return null;
    const first = await claimNotice(trx, tenantId, row.channel_id, row.thread_ts ?? '', `run_feedback:${executionId}`);
    return first ? row : null;
  });
  if (!run) return;
  await deps.chat.post({
    channel: run.channel_id,
    ...(run.thread_ts ? { threadTs: run.thread_ts } : {}),
    ...runFeedbackCard(executionId),
  });
}

export function ratingTrend(deps: CopilotDeps, tenantId: string, weeks = 6) {
  return inTenant(deps.db, tenantId, (trx) => weeklyTrend(trx, weeks));
}
