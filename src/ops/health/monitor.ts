import { healthNoticeMessage } from '../../../blocks/ops-health.js';
import type { OpsConfig } from '../../config-ops.js';
import type { Clock } from '../../lib/clock.js';
import type { OpsStore } from '../ports.js';
import type { OpsReporter } from '../reporter.js';
import type { HealthResult } from './checks.js';
import { type EpisodeState, INITIAL_STATE, type Notification, observe } from './episodes.js';

export const SNAPSHOT_KEY = 'health_snapshot';

export interface HealthSnapshot {
  checkedAt: string;
  results: HealthResult[];
}

/**
 * Turns a round of check results into at most one message per check: state per check is
 * kept in the store, so any worker replica can run the next round.
 */
export async function recordHealthRound(
  deps: { store: OpsStore; reporter: OpsReporter; clock: Clock; settings: OpsConfig['health'] },
  results: HealthResult[],
): Promise<Array<{ check: string; notify: Notification }>> {
  const now = deps.clock.now();
  const sent: Array<{ check: string; notify: Notification }> = [];
  for (const r of results) {
    const key = `episode:${r.name}`;
    const previous = parseState(await deps.store.get(key));
    const { state, notify } = observe(previous, r.ok, now, deps.settings);
    await deps.store.set(key, JSON.stringify(state));
    if (!notify) continue;
    const episodeStart = notify === 'recovered' ? previous.since : state.since;
    await deps.reporter.post(
      healthNoticeMessage({
        kind: notify,
        check: r.name,
        critical: r.critical,
        detail: r.detail,
        episodeMs: episodeStart ? now.getTime() - Date.parse(episodeStart) : null,
        flapWindowMinutes: Math.round(deps.settings.flapWindowMs / 60_000),
      }),
    );
    await deps.reporter.audit({
      type:
        notify === 'recovered' || notify === 'stable_ok'
          ? 'ops.health_recovered'
          : notify === 'flapping'
            ? 'ops.health_flapping'
            : 'ops.health_alerted',
      actor: 'system:ops-health',
      subject: { type: 'health_check', id: r.name },
      data: { detail: r.detail, critical: r.critical, notification: notify, episodeSince: episodeStart },
    });
    sent.push({ check: r.name, notify });
  }
  const snapshot: HealthSnapshot = { checkedAt: now.toISOString(), results };
  await deps.store.set(SNAPSHOT_KEY, JSON.stringify(snapshot));
  return sent;
}

function parseState(raw: string | null): EpisodeState {
  if (!raw) return INITIAL_STATE;
  try {
    return { ...INITIAL_STATE, ...(JSON.parse(raw) as Partial<EpisodeState>) };
  } catch {
    return INITIAL_STATE;
  }
}

export async function readSnapshot(store: OpsStore): Promise<HealthSnapshot | null> {
  const raw = await store.get(SNAPSHOT_KEY);
  return raw ? (JSON.parse(raw) as HealthSnapshot) : null;
}
