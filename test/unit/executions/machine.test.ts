import { describe, expect, it } from 'vitest';
import {
  DONE_STATES,
  FINAL_STATES,
  STEP_EVENTS,
  STEP_STATES,
  STEP_TRANSITIONS,
  type StepEvent,
  type StepState,
  transition,
} from '../../../src/executions/machine.js';

// The whole table, written out independently of the implementation: [from, event, to].
const EXPECTED: Array<[StepState, StepEvent, StepState]> = [
  ['pending', 'reach', 'ready'],
  ['pending', 'skip', 'skipped'],
  ['pending', 'abort', 'aborted'],
  ['ready', 'need_variables', 'awaiting_variables'],
  ['ready', 'auto_approve', 'auto_running'],
  ['ready', 'request_approval', 'awaiting_approval'],
  ['ready', 'skip', 'skipped'],
  ['ready', 'abort', 'aborted'],
  ['awaiting_variables', 'variables_set', 'ready'],
  ['awaiting_variables', 'skip', 'skipped'],
  ['awaiting_variables', 'abort', 'aborted'],
  ['awaiting_approval', 'approve', 'running'],
  ['awaiting_approval', 'confirm_done', 'succeeded'],
  ['awaiting_approval', 'edit', 'ready'],
  ['awaiting_approval', 'expire', 'expired'],
  ['awaiting_approval', 'skip', 'skipped'],
  ['awaiting_approval', 'abort', 'aborted'],
  ['auto_running', 'succeed', 'succeeded'],
  ['auto_running', 'fail', 'failed'],
  ['auto_running', 'time_out', 'timed_out'],
  ['auto_running', 'lose_worker', 'manual_intervention'],
  ['auto_running', 'cancel', 'aborted'],
  ['running', 'succeed', 'succeeded'],
  ['running', 'fail', 'failed'],
  ['running', 'time_out', 'timed_out'],
  ['running', 'lose_worker', 'manual_intervention'],
  ['running', 'cancel', 'aborted'],
  ['running', 'void_approval', 'expired'],
  ['failed', 'retry', 'ready'],
  ['failed', 'edit', 'ready'],
  ['failed', 'offer_rollback', 'rollback_offered'],
  ['failed', 'skip', 'skipped'],
  ['failed', 'abort', 'aborted'],
  ['timed_out', 'retry', 'ready'],
  ['timed_out', 'edit', 'ready'],
  ['timed_out', 'offer_rollback', 'rollback_offered'],
  ['timed_out', 'skip', 'skipped'],
  ['timed_out', 'abort', 'aborted'],
  ['manual_intervention', 'resolve_done', 'succeeded'],
  ['manual_intervention', 'resolve_failed', 'failed'],
  ['manual_intervention', 'skip', 'skipped'],
  ['manual_intervention', 'abort', 'aborted'],
  ['expired', 'rerequest', 'ready'],
  ['expired', 'edit', 'ready'],
  ['expired', 'skip', 'skipped'],
  ['expired', 'abort', 'aborted'],
  ['rollback_offered', 'approve_rollback', 'rolling_back'],
  ['rollback_offered', 'retry', 'ready'],
  ['rollback_offered', 'skip', 'skipped'],
  ['rollback_offered', 'abort', 'aborted'],
  ['rolling_back', 'rollback_succeed', 'rolled_back'],
  ['rolling_back', 'rollback_fail', 'rollback_failed'],
  ['rolling_back', 'lose_worker', 'manual_intervention'],
  ['rolling_back', 'cancel', 'aborted'],
  ['rolling_back', 'void_approval', 'rollback_offered'],
  ['rollback_failed', 'skip', 'skipped'],
  ['rollback_failed', 'abort', 'aborted'],
];

describe('step state machine', () => {
  it.each(EXPECTED)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, to });
  });

  it('allows nothing else: every other (state, event) pair is refused with a reason', () => {
    const allowed = new Set(EXPECTED.map(([f, e]) => `${f}/${e}`));
    let refused = 0;
    for (const from of STEP_STATES) {
      for (const event of STEP_EVENTS) {
        if (allowed.has(`${from}/${event}`)) continue;
        const result = transition(from, event);
        expect(result.ok, `${from}/${event}`).toBe(false);
        if (!result.ok) expect(result.reason).toMatch(/^a step that is .+ cannot .+/);
        refused += 1;
      }
    }
    expect(refused).toBe(STEP_STATES.length * STEP_EVENTS.length - EXPECTED.length);
  });

  it('has a row for every state (exhaustive) and no way out of a final state', () => {
    expect(Object.keys(STEP_TRANSITIONS).sort()).toEqual([...STEP_STATES].sort());
    for (const state of FINAL_STATES) expect(STEP_TRANSITIONS[state]).toEqual({});
  });

  it('never lets a running step be approved, edited or skipped from under its worker', () => {
    for (const state of ['auto_running', 'running', 'rolling_back'] as const) {
      for (const event of ['approve', 'edit', 'skip', 'abort', 'retry'] as const) {
        expect(transition(state, event).ok).toBe(false);
      }
    }
  });

  it('reaches every state from pending', () => {
    const seen = new Set<StepState>(['pending']);
    const queue: StepState[] = ['pending'];
    while (queue.length) {
      const s = queue.shift()!;
      for (const to of Object.values(STEP_TRANSITIONS[s])) {
        if (to && !seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...STEP_STATES].sort());
    for (const done of DONE_STATES) expect(FINAL_STATES.has(done)).toBe(true);
  });
});
