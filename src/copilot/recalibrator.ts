import { sql } from 'kysely';
import { inTenant } from '../db/tenant-scope.js';
import { canonicalJson } from '../lib/hashing.js';
import type { CopilotDeps } from './deps.js';
import { readStyle, recalibrate } from './policy/style.js';
import { cardsSince, saveStyle, styleOf } from './repo/feedback-repo.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The nightly recalibrator: for every team with cards in the last week, one bounded step
 * of its style toward what the cards ask for. Style is wording only; it never reaches the
 * mode, the tool allowlist, the classifier or a gate (src/copilot/policy/style.ts).
 */
export async function recalibrateAll(deps: CopilotDeps): Promise<{ teams: number; changed: number }> {
  const since = new Date(deps.clock.now().getTime() - 7 * DAY_MS);
  const teams = await sql<{ tenant_id: string; team: string }>`
    select tenant_id, team from rbc_system_feedback_teams(${since})`.execute(deps.db);
  let changed = 0;
  for (const { tenant_id: tenantId, team } of teams.rows) {
    const moved = await inTenant(deps.db, tenantId, async (trx) => {
      const current = readStyle(await styleOf(trx, team));
      const cards = await cardsSince(trx, team, since);
      const next = recalibrate(current, cards);
      if (canonicalJson(next) === canonicalJson(current)) return false;
      await saveStyle(trx, tenantId, team, next);
      await deps.audit.append(
        {
          tenantId,
          type: 'copilot.style_recalibrated',
          actor: 'system:recalibrator',
          subject: { type: 'team', id: team },
          data: { team, from: current, to: next, cards: cards.length },
        },
        trx,
      );
      return true;
    });
    if (moved) changed += 1;
  }
  return { teams: teams.rows.length, changed };
}
