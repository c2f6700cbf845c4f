import { groupAlertsMessage, type IncidentUpdateView, incidentUpdateMessage } from '../../blocks/incident-update.js';
import { runbookMatchedMessage } from '../../blocks/runbook-matched.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import { buttonBinding } from '../executions/service/bindings.js';
import type { ChatPort } from '../lib/chat.js';
import { DomainError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hashing.js';
import type { RunbookService } from '../runbooks/service.js';
import { type GroupAlert, groupCounts, markNoted, recordGroupAlerts, unnotedGroupAlerts } from './group-alerts-repo.js';
import { settleAlert } from './inbox-repo.js';
import { alertsForOwner } from './incident-opening.js';
import { currentStepOfRun, latestRunForIncident } from './incident-runs-repo.js';
import { findIncident, type Incident, isAnnounced, lockIncident, updateIncidentStatus } from './incidents-repo.js';
import { type IncidentChange, nextStatus } from './lifecycle.js';
import { matchedView } from './matched-view.js';
import { mttrFor } from './mttr-repo.js';
import type { StoredAlert } from './types.js';

/** The window the end-of-incident summary compares against. */
const MTTR_DAYS = 30;

export interface LifecycleDeps {
  db: Db;
  audit: AuditLog;
  chat: ChatPort;
  runbooks: RunbookService;
}

/**
 * A later delivery of an incident's source (same external incident or alert group): the
 * incident's status moves in one transaction with the delivery's settlement, then the thread
 * and the matched message are told. A retried job finds the delivery settled and only tells
 * what is not told yet (thread replies carry the delivery id as their key).
 */
export function createIncidentLifecycle(deps: LifecycleDeps) {
  async function applyChange(incident: Incident, alert: StoredAlert) {
    const { facts } = alert;
    return inTenant(deps.db, incident.tenantId, async (trx) => {
      const locked = (await lockIncident(trx, incident.id))!;
      if (!(await settleAlert(trx, alert.id, locked.match.best ? 'matched' : 'unmatched'))) return null;
      const next = nextStatus(locked, facts.lifecycle ?? 'triggered', new Date());
      const updated = next.patch ? await updateIncidentStatus(trx, locked.id, next.patch) : locked;
      // A joined incident's alerts are told in its owner's thread, so they are the owner's group.
      await recordGroupAlerts(trx, {
        tenantId: locked.tenantId,
        incidentId: locked.joinedTo ?? locked.id,
        alertId: alert.id,
        items: locked.joinedTo ? alertsForOwner(updated, facts.alerts ?? []) : (facts.alerts ?? []),
        noted: false,
      });
      await deps.audit.append(
        {
          tenantId: locked.tenantId,
          type: 'incident.updated',
          actor: `system:webhooks:${facts.source}`,
          subject: { type: 'incident', id: locked.id },
          data: {
            alertId: alert.id,
            change: next.change,
            from: locked.status,
            to: updated.status,
            actor: facts.actor ?? null,
            note: facts.note ?? null,
          },
        },
        trx,
      );
      return { incident: updated, change: next.change };
    });
  }

  /** The end-of-incident summary: this incident's times, and its service's and runbook's means. */
  async function incidentTimes(incident: Incident) {
    const since = (at: Date | null) => (at ? at.getTime() - incident.triggeredAt.getTime() : null);
    const means = await inTenant(deps.db, incident.tenantId, (trx) =>
      mttrFor(trx, new Date(Date.now() - MTTR_DAYS * 86_400_000), {
        service: incident.service,
        runbookVersionId: incident.runbookVersionId,
      }),
    );
    return {
      incident: {
        acknowledgeMs: since(incident.acknowledgedAt),
        mitigateMs: since(incident.mitigatedAt),
        resolveMs: since(incident.resolvedAt),
      },
      service: means.service ? { name: means.service.key, means: means.service } : null,
      runbook: means.runbook ? { title: means.runbook.key, means: means.runbook } : null,
      days: MTTR_DAYS,
    };
  }

  async function startedInfo(incident: Incident) {
    const run = await inTenant(deps.db, incident.tenantId, (trx) => latestRunForIncident(trx, incident.id));
    if (!run) return { started: null, finish: null };
    const spec = await deps.runbooks.getSpec(incident.tenantId, run.runbookVersionId);
    const step =
      run.state === 'running'
        ? await inTenant(deps.db, incident.tenantId, (trx) => currentStepOfRun(trx, run.id))
        : null;
    // The same ⛔ Abort the step's message carries (same value, same checks at click time).
    const finish = step ? { stepId: step.id, binding: buttonBinding(step, run.runbookVersionId) } : null;
    return { started: { by: run.startedBy, runbookTitle: spec.title }, finish };
  }

  /** One reply per delivery in a thread (keyed by the delivery); a retried job looks for it first. */
  async function replyOnce(
    where: { channel: string; threadTs: string },
    alert: StoredAlert,
    retry: boolean,
    view: Omit<IncidentUpdateView, 'source' | 'actor' | 'note'>,
  ) {
    const postKey = { eventType: 'incident_update', key: alert.id };
    if (retry && (await deps.chat.findPosted({ ...where, ...postKey }))) return;
    const { facts } = alert;
    const message = incidentUpdateMessage({
      ...view,
      source: facts.source,
      actor: facts.actor ?? null,
      note: facts.note ?? null,
    });
    await deps.chat.post({ ...where, postKey, ...message });
  }

  /** The status change in the thread (once per delivery) and on the matched message. */
  async function tellChange(incident: Incident, alert: StoredAlert, change: IncidentChange, retry: boolean) {
    if (change === 'none' || change === 'joined') return;
    const where = { channel: incident.channelId!, threadTs: incident.messageTs! };
    const { started, finish } = await startedInfo(incident);
    const resolved = change === 'resolved';
    await replyOnce(where, alert, retry, {
      change,
      finish: resolved ? finish : null,
      times: resolved ? await incidentTimes(incident) : null,
    });
    if (change === 'updated') return;
    await deps.chat.update(
      { channel: where.channel, ts: where.threadTs },
      runbookMatchedMessage(matchedView(incident, started, alert.facts.actor ?? null)),
    );
  }

  /** A joined incident's change, told in its owner's thread (the owner's message stays the owner's). */
  async function tellJoinedChange(
    owner: Incident,
    joined: Incident,
    alert: StoredAlert,
    change: IncidentChange,
    retry: boolean,
  ) {
    if (change === 'none' || change === 'joined') return;
    const where = { channel: owner.channelId!, threadTs: owner.messageTs! };
    await replyOnce(where, alert, retry, { change, related: joined.title });
  }

  /** New alerts of the group, and alerts of this delivery that stopped firing, in one reply. */
  async function tellGroup(incident: Incident, alert: StoredAlert | null, change: IncidentChange) {
    const unnoted = await inTenant(deps.db, incident.tenantId, (trx) => unnotedGroupAlerts(trx, incident.id));
    const resolved =
      change === 'resolved' || !alert ? [] : (alert.facts.alerts ?? []).filter((a) => a.status === 'resolved');
    // A reopened incident's reply already says its alerts fire again.
    const added = unnoted.filter((a) => a.status === 'firing' && !(change === 'reopened' && a.firingAgain));
    if (added.length > 0 || resolved.length > 0) await replyGroupOnce(incident, added, resolved);
    await inTenant(deps.db, incident.tenantId, (trx) =>
      markNoted(
        trx,
        incident.id,
        unnoted.map((a) => a.fingerprint),
      ),
    );
  }

  /**
   * A worker that died between this post and markNoted left the same alerts unnoted: the
   * retry finds its reply by the key of what it told, instead of telling it twice.
   */
  async function replyGroupOnce(
    incident: Incident,
    added: GroupAlert[],
    resolved: Array<{ fingerprint: string; title: string }>,
  ) {
    const where = { channel: incident.channelId!, threadTs: incident.messageTs! };
    const postKey = { eventType: 'group_alerts', key: groupReplyKey(incident.id, added, resolved) };
    if (await deps.chat.findPosted({ ...where, ...postKey })) return;
    const counts = await inTenant(deps.db, incident.tenantId, (trx) => groupCounts(trx, incident.id));
    const message = groupAlertsMessage({
      added: added.filter((a) => !a.firingAgain),
      firingAgain: added.filter((a) => a.firingAgain),
      resolved,
      ...counts,
    });
    await deps.chat.post({ ...where, postKey, ...message });
  }

  /** A delivery of a joined incident: its change and its alerts go to the owner's thread. */
  async function tellOwner(
    joined: Incident,
    alert: StoredAlert,
    change: IncidentChange,
    { fresh, retry }: { fresh: boolean; retry: boolean },
  ) {
    const owner = await inTenant(deps.db, joined.tenantId, (trx) => findIncident(trx, joined.joinedTo!));
    if (!owner || !isAnnounced(owner)) {
      throw new DomainError(
        'stale_state',
        'the related incident message is still being posted; the update waits for it',
      );
    }
    await tellJoinedChange(owner, joined, alert, change, retry);
    await tellGroup(owner, alert, change);
    return fresh ? ('updated' as const) : ('skipped' as const);
  }

  return {
    /** An incident that just got its own message (opened from a storm summary): the group's alerts so far. */
    tellPending: (incident: Incident) => tellGroup(incident, null, 'none'),

    /** Applies a delivery to the incident it belongs to; 'updated', or 'skipped' when already applied and told. */
    async apply(incident: Incident, alert: StoredAlert): Promise<'updated' | 'skipped'> {
      const fresh = alert.status === 'received';
      const applied = fresh ? await applyChange(incident, alert) : null;
      const current = applied?.incident ?? incident;
      const change: IncidentChange = applied?.change ?? retryChange(alert);
      if (current.joinedTo) return tellOwner(current, alert, change, { fresh, retry: !applied });
      if (!isAnnounced(current)) {
        // A storm summary names it; whoever opens it sees the status and the group then.
        if (current.announce === 'summarised') return 'updated';
        throw new DomainError('stale_state', 'the incident message is still being posted; the update waits for it');
      }
      await tellChange(current, alert, change, !applied);
      await tellGroup(current, alert, change);
      return fresh ? 'updated' : 'skipped';
    },
  };
}

/** On a retry the change was committed by an earlier attempt; the delivery says what it was. */
function retryChange(alert: StoredAlert): IncidentChange {
  const lifecycle = alert.facts.lifecycle ?? 'triggered';
  return lifecycle === 'triggered' ? 'joined' : lifecycle;
}

export type IncidentLifecycle = ReturnType<typeof createIncidentLifecycle>;

/** Names one group reply by the alerts it tells of (new ones firing, this delivery's resolved ones). */
function groupReplyKey(
  incidentId: string,
  added: ReadonlyArray<{ fingerprint: string }>,
  resolved: ReadonlyArray<{ fingerprint: string }>,
): string {
  const names = (list: ReadonlyArray<{ fingerprint: string }>) =>
    list
      .map((a) => a.fingerprint)
      .sort()
      .join(',');
  return sha256Hex(`${incidentId}|+${names(added)}|-${names(resolved)}`);
}
