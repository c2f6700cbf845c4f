import type { HomeIncidentsView } from '../../blocks/home-incidents.js';
import { listOpenIncidents, listRecentlyResolved } from '../alerts/incident-queries-repo.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import { buttonBinding } from '../executions/service/bindings.js';
import type { Authorizer, Principal } from '../governance/authorizer.js';
import { redactCommand } from '../lib/redact.js';
import { catalogue, liveRuns, pendingApprovals } from './home-repo.js';

/** A runbook nobody edited for this long is flagged stale in the catalogue. */
const STALE_AFTER_DAYS = 180;

/**
 * The incident half of a person's App Home. Only what the person may see: nothing without
 * the viewer role; approvals only for people who may approve (never their own 🔴 steps).
 */
export function createHomeService(deps: { db: Db; authz: Pick<Authorizer, 'can'> }) {
  return {
    /** Moves whenever anything in the tenant changes (every change is an audit event): the Home is stale then. */
    async changeMark(tenantId: string): Promise<number> {
      return inTenant(deps.db, tenantId, async (trx) => {
        const head = await trx
          .selectFrom('audit_chain_heads')
          .select('seq')
          .where('tenant_id', '=', tenantId)
          .executeTakeFirst();
        return Number(head?.seq ?? 0);
      });
    },

    async sections(who: Principal): Promise<HomeIncidentsView | null> {
      if (!(await deps.authz.can(who, 'incident.read'))) return null;
      const mayApprove = await deps.authz.can(who, 'step.approve');
      const data = await inTenant(deps.db, who.tenantId, async (trx) => ({
        approvals: mayApprove ? await pendingApprovals(trx, 20) : [],
        runs: await liveRuns(trx, 10),
        open: await listOpenIncidents(trx, 10),
        resolved: await listRecentlyResolved(trx, 5),
        catalogue: await catalogue(trx, 25),
      }));
      const approvals = data.approvals
        .filter((a) => !(a.step.level === 'dangerous' && a.startedBy === who.userId))
        .map((a) => ({
          stepId: a.step.id,
          binding: buttonBinding(a.step, a.runbookVersionId),
          stepIndex: a.step.index,
          // Shown as on the step card: a credential in the command or its sentence is redacted.
          stepTitle: redactCommand(a.step.title),
          command: a.step.command === null ? null : redactCommand(a.step.command),
          level: a.step.level,
          runbookTitle: a.runbookTitle,
          startedBy: a.startedBy,
        }));
      return { now: new Date(), ...data, approvals, staleAfterDays: STALE_AFTER_DAYS };
    },
  };
}

export type HomeService = ReturnType<typeof createHomeService>;
