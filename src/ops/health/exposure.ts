import type { HealthResult } from './checks.js';
import type { HealthSnapshot } from './monitor.js';

/**
 * What /readyz and /metrics show beside their own live probes: the last scheduled round
 * of every other check (backups, drills, queues, disk, audit chain), and whether that
 * round is recent. These never make a replica "not ready": a stale backup is a reason to
 * page someone, not to take the web process out of the load balancer.
 */
export function exposedChecks(
  snapshot: HealthSnapshot | null,
  now: Date,
  options: { liveNames: readonly string[]; staleAfterMs: number },
): Array<HealthResult & { checkedAt: string | null }> {
  const ageMs = snapshot ? now.getTime() - Date.parse(snapshot.checkedAt) : null;
  const monitor = {
    name: 'health_monitor',
    ok: ageMs !== null && ageMs <= options.staleAfterMs,
    critical: false,
    detail:
      ageMs === null
        ? 'no health round has run yet (the worker runs one on OPS_CRON_HEALTH)'
        : `last round ${Math.round(ageMs / 1000)} s ago`,
    value: ageMs === null ? null : Math.round(ageMs / 1000),
    checkedAt: snapshot?.checkedAt ?? null,
  };
  const rest = (snapshot?.results ?? [])
    .filter((r) => !options.liveNames.includes(r.name))
    .map((r) => ({ ...r, critical: false, checkedAt: snapshot!.checkedAt }));
  return [monitor, ...rest];
}
