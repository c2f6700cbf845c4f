import { describe, expect, it } from 'vitest';
import { type EpisodeState, INITIAL_STATE, type Notification, observe } from '../../../src/ops/health/episodes.js';

const settings = { failAfter: 2, recoverAfter: 2, flapEpisodes: 3, flapWindowMs: 60 * 60_000 };

/** Feeds a sequence of results one minute apart; returns what would have been posted, by minute. */
function run(results: boolean[], start: EpisodeState = INITIAL_STATE, fromMinute = 0) {
  let state = start;
  const posted: Array<[number, Notification]> = [];
  results.forEach((ok, minute) => {
    const r = observe(state, ok, new Date(Date.UTC(2026, 11, 6, 3, fromMinute + minute)), settings);
    state = r.state;
    if (r.notify) posted.push([minute, r.notify]);
  });
  return { posted, state };
}

describe('health episodes', () => {
  it('alerts once per failure episode and says when it recovered', () => {
    const { posted } = run([true, false, false, false, false, false, true, true, true]);
    expect(posted).toEqual([
      [2, 'alert'],
      [7, 'recovered'],
    ]);
  });

  it('a single failed probe between passes is not an episode', () => {
    expect(run([true, false, true, false, true, false, true]).posted).toEqual([]);
  });

  it('a flapping check says so once, then stays quiet until it holds still for a whole window', () => {
    const flap = [false, false, true, true]; // one episode: open at +1, close at +3
    const { posted, state } = run([...flap, ...flap, ...flap, ...flap, ...flap]);
    expect(posted).toEqual([
      [1, 'alert'],
      [3, 'recovered'],
      [5, 'alert'],
      [7, 'recovered'],
      [9, 'flapping'],
    ]);
    expect(state.flapping).toBe(true);
    // The last change was at minute 19 (the fifth episode closing); an hour of quiet ends the damping.
    const calm = run(Array(70).fill(true), state, 20);
    expect(calm.posted).toEqual([[59, 'stable_ok']]);
    expect(calm.state.flapping).toBe(false);
  });
});
