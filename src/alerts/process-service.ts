import { type RunbookMatchedView, runbookMatchedMessage } from '../../blocks/runbook-matched.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ExecutionService } from '../executions/service/index.js';
import type { ChatPort } from '../lib/chat.js';
import { DomainError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { RunbookService } from '../runbooks/service.js';
import { findAlert, findUnprocessed, settleAlert } from './inbox-repo.js';
import {
  claimIncidentMessage,
  findIncident,
  findIncidentForAlert,
  type Incident,
  isAnnounced,
  releaseIncidentMessage,
  setIncidentMessage,
  upsertIncident,
} from './incidents-repo.js';

/** A claim older than this belongs to a poster that died (jobs are retried after 30 s). */
const ANNOUNCE_CLAIM_STALE_MS = 20_000;

import type { AlertFacts } from './types.js';

export interface AlertProcessingDeps {
  db: Db;
  audit: AuditLog;
  chat: ChatPort;
  logger: Logger;
  runbooks: RunbookService;
  executions: ExecutionService;
  /** Where a tenant's incident threads open. */
  incidentChannel: (tenantId: string) => Promise<string>;
  dryRun: boolean;
}

function matchedView(incident: Incident, started: RunbookMatchedView['started']): RunbookMatchedView {
  const best = incident.match.best;
  return {
    incidentId: incident.id,
    alert: { title: incident.title, service: incident.service, source: incident.source, url: null, urgency: null },
    match: best
      ? {
          runbookVersionId: best.versionId,
          title: best.title,
          score: best.score,
          reason: best.reason,
          stepCount: best.stepCount,
        }
      : null,
    runnersUp: incident.match.runnersUp.map((r) => ({
      runbookVersionId: r.versionId,
      title: r.title,
      score: r.score,
    })),
    started,
  };
}

/** What the alert behind an incident says (service and labels), for filling in a run's variables. */
async function alertContext(deps: Pick<AlertProcessingDeps, 'db'>, incident: Incident) {
  if (!incident.alertId) return { service: incident.service, labels: {} };
  const alert = await inTenant(deps.db, incident.tenantId, (trx) => findAlert(trx, incident.alertId!));
  return { service: incident.service, labels: alert?.facts.labels ?? {} };
}

/** From a stored delivery to "🔔 Runbook matched" in the incident channel, and on to a run. */
export function createAlertProcessing(deps: AlertProcessingDeps) {
  /**
   * "🔔 Runbook matched", posted at most once per incident: one poster claims it; one that
   * takes over a dead poster's claim first looks for the message by its metadata key.
   */
  async function announce(incident: Incident, facts: AlertFacts): Promise<void> {
    if (isAnnounced(incident)) return;
    const { tenantId, id } = incident;
    const claim = await inTenant(deps.db, tenantId, (trx) =>
      claimIncidentMessage(trx, id, Date.now(), ANNOUNCE_CLAIM_STALE_MS),
    );
    if (!claim.claimed) return;
    const channel = incident.channelId!;
    const postKey = { eventType: 'runbook_matched', key: id };
    const earlier = claim.stale
      ? await deps.chat.findPosted({ channel, ...postKey, oldest: Math.floor(incident.createdAt.getTime() / 1000) - 1 })
      : null;
    const view = matchedView(incident, null);
    view.alert.url = facts.url;
    view.alert.urgency = facts.urgency;
    let ref = earlier;
    try {
      ref ??= await deps.chat.post({ channel, postKey, ...runbookMatchedMessage(view) });
    } catch (err) {
      await inTenant(deps.db, tenantId, (trx) => releaseIncidentMessage(trx, id));
      throw err;
    }
    await inTenant(deps.db, tenantId, (trx) => setIncidentMessage(trx, id, ref.channel, ref.ts));
  }

  async function settle(incident: Incident, alertId: string, facts: AlertFacts): Promise<void> {
    const match = incident.match;
    const outcome = match.best ? 'matched' : 'unmatched';
    await inTenant(deps.db, incident.tenantId, async (trx) => {
      if (!(await settleAlert(trx, alertId, outcome))) return;
      await deps.audit.append(
        {
          tenantId: incident.tenantId,
          type: 'incident.opened',
          actor: 'system:worker',
          subject: { type: 'incident', id: incident.id },
          data: { alertId, title: facts.title, service: facts.service, channel: incident.channelId ?? '' },
        },
        trx,
      );
      await deps.audit.append(
        {
          tenantId: incident.tenantId,
          type: outcome === 'matched' ? 'alert.matched' : 'alert.unmatched',
          actor: 'system:matcher',
          subject: { type: 'alert', id: alertId },
          data: {
            incidentId: incident.id,
            runbookVersionId: match.best?.versionId ?? null,
            runbookTitle: match.best?.title ?? null,
            score: match.best?.score ?? null,
            reason: match.best?.reason ?? null,
            runnersUp: match.runnersUp.map((r) => ({ versionId: r.versionId, title: r.title, score: r.score })),
          },
        },
        trx,
      );
    });
  }

  return {
    /**
     * The alert.process job: idempotent (one incident per alert, one announcement per
     * incident). A retry after a failed post finds the incident not yet announced and
     * announces it, whatever the alert's status says.
     */
    async process(tenantId: string, alertId: string): Promise<'matched' | 'unmatched' | 'skipped'> {
      const { alert, existing } = await inTenant(deps.db, tenantId, async (trx) => ({
        alert: await findAlert(trx, alertId),
        existing: await findIncidentForAlert(trx, alertId),
      }));
      if (!alert || alert.status === 'ignored' || alert.status === 'failed') return 'skipped';
      if (alert.status !== 'received' && existing && isAnnounced(existing)) return 'skipped';
      const { facts } = alert;
      const match = existing
        ? { best: existing.match.best, runnersUp: existing.match.runnersUp }
        : await deps.runbooks.match(tenantId, { title: facts.title, service: facts.service, keywords: facts.keywords });
      const channel = existing?.channelId ?? (await deps.incidentChannel(tenantId));
      const incident = await inTenant(deps.db, tenantId, (trx) =>
        upsertIncident(trx, {
          tenantId,
          alertId,
          source: facts.source,
          externalId: facts.externalId,
          title: facts.title,
          service: facts.service,
          runbookVersionId: match.best?.versionId ?? null,
          match: { best: match.best, runnersUp: match.runnersUp },
          channelId: channel,
        }),
      );
      await announce(incident, facts);
      await settle(incident, alertId, facts);
      return match.best ? 'matched' : 'unmatched';
    },

    /**
     * ▶ Start (or a runner-up) pressed on an incident message. `message` is where the
     * button was pressed: the thread opens under it even if its ts is not stored yet.
     */
    async startRun(input: {
      tenantId: string;
      incidentId: string;
      runbookVersionId: string;
      userId: string;
      message: { channel: string; ts: string } | null;
    }) {
      const incident = await inTenant(deps.db, input.tenantId, (trx) => findIncident(trx, input.incidentId));
      if (!incident) throw new DomainError('not_found', 'This incident is not known in this workspace (any more).');
      const offered = [incident.match.best?.versionId, ...incident.match.runnersUp.map((r) => r.versionId)];
      if (!offered.includes(input.runbookVersionId)) {
        throw new DomainError('invalid_input', 'That runbook was not offered for this incident.');
      }
      const channel = incident.channelId ?? input.message?.channel;
      const ts = (isAnnounced(incident) ? incident.messageTs : null) ?? input.message?.ts;
      if (!channel || !ts) {
        throw new DomainError('stale_state', 'The incident message is still being posted; try again in a moment.');
      }
      const execution = await deps.executions.start({
        tenantId: input.tenantId,
        incidentId: incident.id,
        runbookVersionId: input.runbookVersionId,
        userId: input.userId,
        channelId: channel,
        threadTs: ts,
        dryRun: deps.dryRun,
        alert: await alertContext(deps, incident),
      });
      const spec = await deps.runbooks.getSpec(input.tenantId, input.runbookVersionId);
      await deps.chat.update(
        { channel, ts },
        runbookMatchedMessage(matchedView(incident, { by: input.userId, runbookTitle: spec.title })),
      );
      return execution;
    },

    /** Deliveries stored while Redis was down (or whose job died) get processed. */
    unprocessed: (olderThanMs: number) => findUnprocessed(deps.db, new Date(Date.now() - olderThanMs)),
  };
}

export type AlertProcessing = ReturnType<typeof createAlertProcessing>;
