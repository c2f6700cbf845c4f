/**
 * One check's alerting state, pure. A failure episode opens after `failAfter` failures in
 * a row and closes after `recoverAfter` passes in a row (hysteresis), so one alert goes out
 * per episode and one "recovered" when it ends. A check that opens `flapEpisodes` episodes
 * within `flapWindowMs` is flapping: one message says so, and it stays quiet until it has
 * not changed state for a whole window.
 */
export interface EpisodeSettings {
  failAfter: number;
  recoverAfter: number;
  flapEpisodes: number;
  flapWindowMs: number;
}

export interface EpisodeState {
  status: 'ok' | 'failing';
  fails: number;
  passes: number;
  /** When the current failure episode opened. */
  since: string | null;
  /** Opening times of recent episodes (within the flap window). */
  openings: string[];
  flapping: boolean;
  lastChangeAt: string | null;
}

export type Notification = 'alert' | 'recovered' | 'flapping' | 'stable_ok' | 'stable_failing';

export const INITIAL_STATE: EpisodeState = {
  status: 'ok',
  fails: 0,
  passes: 0,
  since: null,
  openings: [],
  flapping: false,
  lastChangeAt: null,
};

export function observe(
  previous: EpisodeState,
  ok: boolean,
  now: Date,
  settings: EpisodeSettings,
): { state: EpisodeState; notify: Notification | null } {
  const at = now.toISOString();
  const s: EpisodeState = {
    ...previous,
    fails: ok ? 0 : previous.fails + 1,
    passes: ok ? previous.passes + 1 : 0,
    openings: previous.openings.filter((o) => now.getTime() - Date.parse(o) < settings.flapWindowMs),
  };
  if (!ok && s.status === 'ok' && s.fails >= settings.failAfter) {
    Object.assign(s, { status: 'failing', since: at, lastChangeAt: at, openings: [...s.openings, at] });
    if (s.flapping) return { state: s, notify: null };
    if (s.openings.length >= settings.flapEpisodes) return { state: { ...s, flapping: true }, notify: 'flapping' };
    return { state: s, notify: 'alert' };
  }
  if (ok && s.status === 'failing' && s.passes >= settings.recoverAfter) {
    Object.assign(s, { status: 'ok', lastChangeAt: at });
    return { state: s, notify: s.flapping ? null : 'recovered' };
  }
  const quietFor = s.lastChangeAt ? now.getTime() - Date.parse(s.lastChangeAt) : Number.POSITIVE_INFINITY;
  if (s.flapping && quietFor >= settings.flapWindowMs) {
    return { state: { ...s, flapping: false }, notify: s.status === 'ok' ? 'stable_ok' : 'stable_failing' };
  }
  return { state: s, notify: null };
}
