import { runbookMatchedMessage } from '../../blocks/runbook-matched.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ExecutionService } from '../executions/service/index.js';
import type { Authorizer } from '../governance/authorizer.js';
import type { ChatPort } from '../lib/chat.js';
import { DomainError } from '../lib/errors.js';
import type { JobPort } from '../lib/job-port.js';
import type { Logger } from '../lib/logger.js';
import type { RunbookService } from '../runbooks/service.js';
import { findAlert, findUnprocessed, settleAlert } from './inbox-repo.js';
import { createIncidentDesk } from './incident-desk.js';
import { createIncidentOpening } from './incident-opening.js';
import {
  claimIncidentMessage,
  findIncident,
  findIncidentByGroup,
  findIncidentForAlert,
  type Incident,
  isAnnounced,
  releaseIncidentMessage,
  setIncidentMessage,
} from './incidents-repo.js';
import { createIntakeSealer } from './intake-audit.js';
import { createIncidentLifecycle } from './lifecycle-service.js';
import { matchedView } from './matched-view.js';
import { promoteToOwnMessage, unsummarisedChannels } from './storm-repo.js';
import { createStormSummaries, type StormSettings } from './storm-service.js';

/** A claim older than this belongs to a poster that died (jobs are retried after 30 s). */
const ANNOUNCE_CLAIM_STALE_MS = 20_000;
/** How long an acknowledgement or resolve that came before its incident's trigger waits for it. */
const ORDER_WAIT_MS = 30_000;

import type { AlertFacts, StoredAlert } from './types.js';

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
  /** Where storm summaries are scheduled (null: never summarised, every incident announced). */
  jobs: JobPort | null;
  authz: Pick<Authorizer, 'require'>;
  storm?: StormSettings;
}

const DEFAULT_STORM: StormSettings = { budgetPerMinute: 12, summaryEverySeconds: 30 };

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
  async function announce(incident: Incident, facts: Pick<AlertFacts, 'url' | 'urgency'>): Promise<void> {
    if (isAnnounced(incident) || incident.announce === 'summarised') return;
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
    view.alert.url ??= facts.url;
    view.alert.urgency ??= facts.urgency;
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
          data: {
            alertId,
            title: facts.title,
            service: facts.service,
            channel: incident.channelId ?? '',
            joinedTo: incident.joinedTo,
          },
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

  const lifecycle = createIncidentLifecycle(deps);
  const sealer = createIntakeSealer(deps);
  const desk = createIncidentDesk(deps);
  const storm = createStormSummaries({
    db: deps.db,
    chat: deps.chat,
    jobs: deps.jobs ?? null,
    logger: deps.logger,
    settings: deps.storm ?? DEFAULT_STORM,
  });

  const open = createIncidentOpening({
    db: deps.db,
    runbooks: deps.runbooks,
    incidentChannel: deps.incidentChannel,
    storm: deps.jobs ? storm : null,
  });

  /** Told once where it belongs: its own message, or (a related alert) its owner's thread. */
  async function tell(incident: Incident, facts: AlertFacts): Promise<void> {
    if (!incident.joinedTo) return announce(incident, facts);
    const owner = await inTenant(deps.db, incident.tenantId, (trx) => findIncident(trx, incident.joinedTo!));
    if (owner) await lifecycle.tellPending(owner);
  }

  async function announceAndSettle(incident: Incident, alert: StoredAlert) {
    await tell(incident, alert.facts);
    await settle(incident, alert.id, alert.facts);
    return incident.match.best ? 'matched' : 'unmatched';
  }

  /**
   * A delivery about an incident nobody opened (an acknowledgement or a resolve). Sources do
   * not promise order: for a while it waits for its trigger (looked at again later), then it
   * is ignored with the reason on the inbox row.
   */
  async function orphan(tenantId: string, alert: StoredAlert): Promise<'deferred' | 'skipped'> {
    const waited = Date.now() - alert.receivedAt.getTime();
    if (!alert.facts.externalId || waited >= ORDER_WAIT_MS) return ignoreOrphan(tenantId, alert);
    // Left `received`: if this job is lost, the reconciler re-queues it after 30 s anyway.
    await deps.jobs
      ?.enqueue(
        'alert.process',
        { tenantId, alertId: alert.id },
        { jobId: `alert__${alert.id}__in-order`, delayMs: ORDER_WAIT_MS - waited + 1_000 },
      )
      .catch((err: unknown) =>
        deps.logger.warn({ err, alertId: alert.id }, 'could not look at an early delivery again'),
      );
    return 'deferred';
  }

  async function ignoreOrphan(tenantId: string, alert: StoredAlert): Promise<'skipped'> {
    const { facts } = alert;
    const reason = `no incident is known for ${facts.source} ${facts.externalId ?? '(no id)'}`;
    await inTenant(deps.db, tenantId, async (trx) => {
      if (!(await settleAlert(trx, alert.id, 'ignored', reason))) return;
      await deps.audit.append(
        {
          tenantId,
          type: 'alert.ignored',
          actor: 'system:worker',
          subject: { type: 'alert', id: alert.id },
          data: {
            source: facts.source,
            deliveryId: facts.deliveryId,
            eventType: facts.eventType,
            title: facts.title,
            service: facts.service,
          },
        },
        trx,
      );
    });
    return 'skipped';
  }

  const findGroup = (tenantId: string, facts: AlertFacts) =>
    facts.externalId
      ? inTenant(deps.db, tenantId, (trx) => findIncidentByGroup(trx, facts.source, facts.externalId!))
      : Promise.resolve(null);

  return {
    /**
     * The alert.process job, idempotent: a delivery opens its incident (one per external
     * incident or alert group, announced once) or updates the incident of its group in the
     * incident's thread. A retry after a failed post finishes what is not posted yet.
     */
    async process(
      tenantId: string,
      alertId: string,
    ): Promise<'matched' | 'unmatched' | 'updated' | 'deferred' | 'skipped'> {
      // The delivery's own audit event comes first in the chain, before anything done about it.
      await sealer.seal(tenantId);
      const { alert, opened } = await inTenant(deps.db, tenantId, async (trx) => ({
        alert: await findAlert(trx, alertId),
        opened: await findIncidentForAlert(trx, alertId),
      }));
      if (!alert || alert.status === 'ignored' || alert.status === 'failed') return 'skipped';
      if (opened) {
        if (alert.status !== 'received' && isAnnounced(opened)) return 'skipped';
        return announceAndSettle(opened, alert);
      }
      const group = await findGroup(tenantId, alert.facts);
      if (group) return lifecycle.apply(group, alert);
      if (alert.status !== 'received') return 'skipped';
      const kind = alert.facts.lifecycle ?? 'triggered';
      if (kind !== 'triggered' && kind !== 'reopened') return orphan(tenantId, alert);
      const incident = await open(tenantId, alert);
      if (incident) return announceAndSettle(incident, alert);
      // Another delivery of the same group opened it a moment ago: this one joins it.
      return lifecycle.apply((await findGroup(tenantId, alert.facts))!, alert);
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

    /** `/runbook incidents|status|mttr|run` (and App Home) read and start through here. */
    desk,

    /** The alerts.seal job: audit events of stored deliveries, in batches. */
    sealIntake: (tenantId: string) => sealer.seal(tenantId),

    /** The storm summary job of one channel. */
    summarise: (tenantId: string, channelId: string) => storm.summarise(tenantId, channelId),

    /** Open on a storm summary: the incident gets its own message and thread, with what its group holds. */
    async openFromSummary(input: { tenantId: string; userId: string; incidentId: string }): Promise<void> {
      await deps.authz.require(input, 'incident.open', input.incidentId);
      const promoted = await inTenant(deps.db, input.tenantId, (trx) => promoteToOwnMessage(trx, input.incidentId));
      const incident = await inTenant(deps.db, input.tenantId, (trx) => findIncident(trx, input.incidentId));
      if (!incident) throw new DomainError('not_found', 'This incident is not known in this workspace (any more).');
      if (!promoted && isAnnounced(incident)) return;
      await announce(incident, incident);
      const posted = await inTenant(deps.db, input.tenantId, (trx) => findIncident(trx, input.incidentId));
      if (posted && isAnnounced(posted)) await lifecycle.tellPending(posted);
    },

    /** Channels whose held-back incidents no summary named in two periods (a summary job lost, or a race). */
    unsummarised: () =>
      unsummarisedChannels(deps.db, new Date(Date.now() - 2 * storm.settings.summaryEverySeconds * 1000)),

    /** Deliveries stored while Redis was down (or whose job died) get processed. */
    unprocessed: (olderThanMs: number) => findUnprocessed(deps.db, new Date(Date.now() - olderThanMs)),
  };
}

export type AlertProcessing = ReturnType<typeof createAlertProcessing>;
