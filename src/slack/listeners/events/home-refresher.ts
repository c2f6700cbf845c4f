import type { Principal } from '../../../governance/authorizer.js';

/** How often changes are looked for, and how many Homes one round may publish (views.publish is Tier 4: 100+/min). */
const ROUND_MS = 5_000;
const PER_ROUND = 8;
/** A Home opened longer ago than this is not kept fresh any more (the person will reopen it). */
const WATCH_FOR_MS = 60 * 60_000;

/**
 * Keeps open App Homes fresh: people who opened the Home lately get it republished when
 * their workspace changed (an incident, a run, an approval: every change is an audit event),
 * at most PER_ROUND per round, so Slack's limit on views.publish is never reached.
 */
export function createHomeRefresher(deps: {
  changeMark: (tenantId: string) => Promise<number>;
  publish: (who: Principal) => Promise<void>;
  onError: (err: unknown) => void;
}) {
  const watchers = new Map<string, { who: Principal; openedAt: number; mark: number }>();
  const round = async () => {
    const now = Date.now();
    const marks = new Map<string, number>();
    let published = 0;
    for (const [key, w] of watchers) {
      if (now - w.openedAt > WATCH_FOR_MS) {
        watchers.delete(key);
        continue;
      }
      if (published >= PER_ROUND) break;
      if (!marks.has(w.who.tenantId)) marks.set(w.who.tenantId, await deps.changeMark(w.who.tenantId));
      const mark = marks.get(w.who.tenantId)!;
      if (mark === w.mark) continue;
      w.mark = mark;
      await deps.publish(w.who);
      published += 1;
    }
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    round()
      .catch(deps.onError)
      .finally(() => {
        running = false;
      });
  }, ROUND_MS);
  timer.unref();
  return {
    /** The person just saw a fresh Home at this mark. */
    watch(who: Principal, mark: number) {
      watchers.set(`${who.tenantId}:${who.userId}`, { who, openedAt: Date.now(), mark });
    },
    stop() {
      clearInterval(timer);
      watchers.clear();
    },
  };
}
