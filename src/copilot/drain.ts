import { inTenant } from '../db/tenant-scope.js';
import type { CopilotDeps } from './deps.js';
import { findTurn, nextTurnOfThread, type Turn } from './repo/turns-repo.js';
import { failTurn, runTurn } from './turn.js';

/**
 * One turn at a time per thread. The job of any turn takes the thread's lease and answers
 * every waiting turn in order; a job that finds the lease taken leaves its turn to the
 * holder. After letting go, the holder looks once more, so a turn stored while it was
 * letting go is not stranded.
 */
export async function processTurnJob(
  deps: CopilotDeps,
  tenantId: string,
  turnId: string,
): Promise<{ answered: number }> {
  const turn = await inTenant(deps.db, tenantId, (trx) => findTurn(trx, turnId));
  if (!turn || !['queued', 'running'].includes(turn.status)) return { answered: 0 };
  const key = `${tenantId}/${turn.channelId}/${turn.threadTs}`;
  // The lease outlives the longest turn, and expires if the worker holding it dies.
  const ttlMs = deps.budgets.wallClockMs * 2 + 30_000;
  let answered = 0;
  for (;;) {
    const token = await deps.lock.tryAcquire(key, ttlMs);
    if (!token) {
      // The holder answers this turn too. Should the holder have died, its lease expires:
      // one delayed look at this turn then (a no-op if it was answered) keeps it from waiting forever.
      await deps.jobs.enqueue(
        'copilot.turn',
        { tenantId, turnId },
        { jobId: `copilot__${turnId}__later`, delayMs: ttlMs },
      );
      return { answered };
    }
    try {
      answered += await drainThread(deps, turn);
    } finally {
      await deps.lock.release(key, token);
    }
    const left = await inTenant(deps.db, tenantId, (trx) => nextTurnOfThread(trx, turn.channelId, turn.threadTs));
    if (!left) return { answered };
  }
}

async function drainThread(deps: CopilotDeps, anyTurn: Turn): Promise<number> {
  let answered = 0;
  for (;;) {
    const next = await inTenant(deps.db, anyTurn.tenantId, (trx) =>
      nextTurnOfThread(trx, anyTurn.channelId, anyTurn.threadTs),
    );
    if (!next) return answered;
    try {
      await runTurn(deps, next);
    } catch (err) {
      deps.logger.warn({ err, turnId: next.id }, 'copilot turn failed');
      const fresh = (await inTenant(deps.db, next.tenantId, (trx) => findTurn(trx, next.id))) ?? next;
      await failTurn(deps, fresh, err);
    }
    answered += 1;
  }
}
