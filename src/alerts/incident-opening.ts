import type { Db } from '../db/database.js';
import { inTenant } from '../db/tenant-scope.js';
import type { RunbookService } from '../runbooks/service.js';
import { recordGroupAlerts } from './group-alerts-repo.js';
import { type Incident, upsertIncident } from './incidents-repo.js';
import { incidentFiringSameAlert, recentIncidentOfService, type ThreadOwner } from './related-repo.js';
import { announcedSince, lockChannelBudget } from './storm-repo.js';
import type { StormSummaries } from './storm-service.js';
import type { AlertFacts, AlertItem, StoredAlert } from './types.js';

type Trx = Parameters<typeof recordGroupAlerts>[0];

/** Where a new incident is told: its own message now, a storm summary, or a related incident's thread. */
interface Placement {
  announce: 'now' | 'summarised';
  joinedTo: ThreadOwner | null;
}

/**
 * The alerts a joined incident adds to its owner's thread: its own alerts, or (a source that
 * sends none, like PagerDuty) one standing for the whole incident, resolved with it.
 */
export function alertsForOwner(
  incident: Pick<Incident, 'id' | 'title' | 'url' | 'status'>,
  items: AlertItem[],
): AlertItem[] {
  if (items.length > 0) return items;
  const status = incident.status === 'resolved' ? 'resolved' : 'firing';
  return [{ fingerprint: `related:${incident.id}`, status, title: incident.title, labels: {}, url: incident.url }];
}

/** Opens the incident of a delivery no incident knows yet, placed where the channel can take it. */
export function createIncidentOpening(deps: {
  db: Db;
  runbooks: RunbookService;
  incidentChannel: (tenantId: string) => Promise<string>;
  storm: StormSummaries | null;
}) {
  /**
   * Decided under the channel's lock, so concurrent workers neither spend the last unit of
   * its budget twice nor open two threads for one alert.
   */
  async function place(trx: Trx, tenantId: string, channelId: string, facts: AlertFacts): Promise<Placement> {
    await lockChannelBudget(trx, tenantId, channelId);
    const fingerprints = (facts.alerts ?? []).filter((a) => a.status === 'firing').map((a) => a.fingerprint);
    const sameAlert = await incidentFiringSameAlert(trx, { channelId, source: facts.source, fingerprints });
    if (sameAlert) return { announce: 'summarised', joinedTo: sameAlert };
    if (!deps.storm) return { announce: 'now', joinedTo: null };
    const spent = await announcedSince(trx, channelId, new Date(Date.now() - 60_000));
    if (spent < deps.storm.settings.budgetPerMinute) return { announce: 'now', joinedTo: null };
    const sameService = await recentIncidentOfService(trx, { channelId, service: facts.service, now: new Date() });
    return { announce: 'summarised', joinedTo: sameService };
  }

  /** Null when another delivery of its group opened the incident a moment ago (the caller joins it). */
  return async function open(tenantId: string, alert: StoredAlert): Promise<Incident | null> {
    const { facts } = alert;
    const match = await deps.runbooks.match(tenantId, {
      title: facts.title,
      service: facts.service,
      keywords: facts.keywords,
    });
    const channelId = await deps.incidentChannel(tenantId);
    const incident = await inTenant(deps.db, tenantId, async (trx) => {
      const placement = await place(trx, tenantId, channelId, facts);
      const opened = await upsertIncident(trx, {
        ...placement,
        tenantId,
        alertId: alert.id,
        source: facts.source,
        externalId: facts.externalId,
        groupKey: facts.externalId,
        title: facts.title,
        service: facts.service,
        urgency: facts.urgency,
        url: facts.url,
        runbookVersionId: match.best?.versionId ?? null,
        match: { best: match.best, runnersUp: match.runnersUp },
        channelId,
      });
      if (!opened) return null;
      // Its own message (or the storm summary) names the opening delivery's alerts: already told.
      const items = facts.alerts ?? [];
      await recordGroupAlerts(trx, { tenantId, incidentId: opened.id, alertId: alert.id, items, noted: true });
      if (opened.joinedTo) {
        const forOwner = alertsForOwner(opened, items);
        await recordGroupAlerts(trx, {
          tenantId,
          incidentId: opened.joinedTo,
          alertId: alert.id,
          items: forOwner,
          noted: false,
        });
      }
      return opened;
    });
    if (incident && incident.announce === 'summarised' && !incident.joinedTo) {
      await deps.storm?.schedule(tenantId, channelId);
    }
    return incident;
  };
}
