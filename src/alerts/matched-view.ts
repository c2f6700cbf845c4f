import type { RunbookMatchedView } from '../../blocks/runbook-matched.js';
import type { Incident } from './incidents-repo.js';

/**
 * The matched message's view of an incident: the alert with its link and urgency (kept after
 * ▶ Start), the match, who started the run, and where the incident stands in its source.
 */
export function matchedView(
  incident: Incident,
  started: RunbookMatchedView['started'],
  statusBy: string | null = null,
): RunbookMatchedView {
  const best = incident.match.best;
  const changed = incident.status !== 'triggered' || incident.reopenedCount > 0;
  return {
    incidentId: incident.id,
    alert: {
      title: incident.title,
      service: incident.service,
      source: incident.source,
      url: incident.url,
      urgency: incident.urgency,
    },
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
    status: changed
      ? { state: incident.status, source: incident.source, by: statusBy, reopenedCount: incident.reopenedCount }
      : null,
  };
}
