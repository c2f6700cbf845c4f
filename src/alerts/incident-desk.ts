import { incidentStatusMessage, incidentsOverviewMessage, mttrReportMessage } from '../../blocks/incident-list.js';
import { runbookMatchedMessage } from '../../blocks/runbook-matched.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ExecutionService } from '../executions/service/index.js';
import type { Authorizer, Principal } from '../governance/authorizer.js';
import type { ChatPort } from '../lib/chat.js';
import { DomainError } from '../lib/errors.js';
import type { RunbookService } from '../runbooks/service.js';
import { findIncidentByRef, listOpenIncidents, listRecentlyResolved } from './incident-queries-repo.js';
import { findIncident, insertManualIncident, isAnnounced, setIncidentMessage } from './incidents-repo.js';
import { matchedView } from './matched-view.js';
import { mttrSince } from './mttr-repo.js';

export interface IncidentDeskDeps {
  db: Db;
  audit: AuditLog;
  chat: ChatPort;
  runbooks: RunbookService;
  executions: ExecutionService;
  authz: Pick<Authorizer, 'require'>;
  incidentChannel: (tenantId: string) => Promise<string>;
  dryRun: boolean;
}

/** What `/runbook incidents|status|mttr|search|run` read and do; every answer is authorized first. */
export function createIncidentDesk(deps: IncidentDeskDeps) {
  const scoped = <T>(who: Principal, fn: Parameters<typeof inTenant<T>>[2]) => inTenant(deps.db, who.tenantId, fn);

  async function startOnIncident(who: Principal, versionId: string, incidentId: string) {
    const incident = await scoped(who, (trx) => findIncident(trx, incidentId));
    if (!incident || !isAnnounced(incident) || !incident.channelId) {
      throw new DomainError('stale_state', 'That incident has no message to open a run under yet.');
    }
    return deps.executions.start({
      tenantId: who.tenantId,
      incidentId: incident.id,
      runbookVersionId: versionId,
      userId: who.userId,
      channelId: incident.channelId,
      threadTs: incident.messageTs,
      dryRun: deps.dryRun,
      alert: { service: incident.service, labels: {} },
    });
  }

  /** A run started by hand opens its own incident, announced like one from an alert. */
  async function openManualIncident(who: Principal, version: { id: string; title: string; steps: number }) {
    const channel = await deps.incidentChannel(who.tenantId);
    const best = {
      versionId: version.id,
      title: version.title,
      score: 1,
      reason: 'started by hand',
      stepCount: version.steps,
    };
    const incident = await scoped(who, async (trx) => {
      const created = await insertManualIncident(trx, {
        tenantId: who.tenantId,
        alertId: null,
        source: 'slack',
        externalId: null,
        title: `${version.title} (started by hand)`,
        service: null,
        runbookVersionId: version.id,
        match: { best, runnersUp: [] },
        channelId: channel,
      });
      await deps.audit.append(
        {
          tenantId: who.tenantId,
          type: 'incident.opened',
          actor: who.userId,
          subject: { type: 'incident', id: created.id },
          data: { alertId: null, title: created.title, service: null, channel },
        },
        trx,
      );
      return created;
    });
    const started = { by: who.userId, runbookTitle: version.title };
    const ref = await deps.chat.post({ channel, ...runbookMatchedMessage(matchedView(incident, started)) });
    await scoped(who, (trx) => setIncidentMessage(trx, incident.id, ref.channel, ref.ts));
    return incident.id;
  }

  return {
    async overview(who: Principal) {
      await deps.authz.require(who, 'incident.read');
      const { open, resolved } = await scoped(who, async (trx) => ({
        open: await listOpenIncidents(trx, 15),
        resolved: await listRecentlyResolved(trx, 10),
      }));
      return incidentsOverviewMessage({ open, resolved, now: new Date() });
    },

    async status(who: Principal, ref: string) {
      await deps.authz.require(who, 'incident.read');
      if (!ref.trim()) {
        const open = await scoped(who, (trx) => listOpenIncidents(trx, 15));
        return incidentsOverviewMessage({ open, resolved: [], now: new Date() });
      }
      const found = await scoped(who, (trx) => findIncidentByRef(trx, ref));
      if (!found)
        throw new DomainError('not_found', `No single incident matches “${ref.trim()}”; see \`/runbook incidents\`.`);
      return incidentStatusMessage(found, new Date());
    },

    async mttr(who: Principal, days: number) {
      await deps.authz.require(who, 'incident.read');
      const since = new Date(Date.now() - days * 86_400_000);
      const [all, byService, byRunbook] = await scoped(who, (trx) =>
        Promise.all([mttrSince(trx, since, 'all'), mttrSince(trx, since, 'service'), mttrSince(trx, since, 'runbook')]),
      );
      return mttrReportMessage({ days, all: all[0] ?? null, byService, byRunbook });
    },

    /** `/runbook run <slug> [incident]`: the run opens under the incident named, or under a new one. */
    async startByHand(who: Principal, slug: string, incidentRef: string | null) {
      await deps.authz.require(who, 'run.start');
      const version = (await deps.runbooks.listLatest(who.tenantId)).find((v) => v.slug === slug);
      if (!version) throw new DomainError('runbook_not_found', `No runbook \`${slug}\`; see \`/runbook list\`.`);
      let incidentId: string;
      if (incidentRef) {
        const found = await scoped(who, (trx) => findIncidentByRef(trx, incidentRef));
        if (!found) throw new DomainError('not_found', `No single incident matches “${incidentRef}”.`);
        incidentId = found.id;
      } else {
        incidentId = await openManualIncident(who, {
          id: version.id,
          title: version.title,
          steps: version.compiled.steps.length,
        });
      }
      await startOnIncident(who, version.id, incidentId);
      return { text: `▶ Started *${version.title}*: follow its thread in the incident channel.` };
    },
  };
}

export type IncidentDesk = ReturnType<typeof createIncidentDesk>;
