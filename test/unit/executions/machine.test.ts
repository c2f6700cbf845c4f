import { describe, expect, it } from 'vitest';
import {
  DONE_STATES,
  EXECUTION_EVENTS,
  EXECUTION_STATES,
  EXECUTION_TRANSITIONS,
  FINAL_STATES,
  STEP_EVENTS,
  STEP_STATES,
  STEP_TRANSITIONS,
  type StepEvent,
  type StepState,
  transition,
  transitionRun,
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
  ['ready', 'halt', 'halted'],
  ['awaiting_variables', 'variables_set', 'ready'],
  ['awaiting_variables', 'skip', 'skipped'],
  ['awaiting_variables', 'abort', 'aborted'],
  ['awaiting_variables', 'halt', 'halted'],
  ['awaiting_approval', 'approve', 'running'],
  ['awaiting_approval', 'mark_done', 'marked_done'],
  ['awaiting_approval', 'edit', 'ready'],
  ['awaiting_approval', 'expire', 'expired'],
  ['awaiting_approval', 'skip', 'skipped'],
  ['awaiting_approval', 'abort', 'aborted'],
  ['awaiting_approval', 'halt', 'halted'],
  ['auto_running', 'succeed', 'succeeded'],
  ['auto_running', 'finish_dry_run', 'dry_run'],
  ['auto_running', 'fail', 'failed'],
  ['auto_running', 'time_out', 'timed_out'],
  ['auto_running', 'lose_worker', 'manual_intervention'],
  ['auto_running', 'cancel', 'aborted'],
  ['auto_running', 'abort', 'aborted'],
  ['auto_running', 'halt', 'halted'],
  ['running', 'succeed', 'succeeded'],
  ['running', 'finish_dry_run', 'dry_run'],
  ['running', 'fail', 'failed'],
  ['running', 'time_out', 'timed_out'],
  ['running', 'lose_worker', 'manual_intervention'],
  ['running', 'cancel', 'aborted'],
  ['running', 'abort', 'aborted'],
  ['running', 'halt', 'halted'],
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
  ['manual_intervention', 'mark_done', 'marked_done'],
  ['manual_intervention', 'resolve_failed', 'failed'],
  ['manual_intervention', 'skip', 'skipped'],
  ['manual_intervention', 'abort', 'aborted'],
  ['halted', 'retry', 'ready'],
  ['halted', 'edit', 'ready'],
  ['halted', 'skip', 'skipped'],
  ['halted', 'abort', 'aborted'],
  ['expired', 'rerequest', 'ready'],
  ['expired', 'edit', 'ready'],
  ['expired', 'skip', 'skipped'],
  ['expired', 'abort', 'aborted'],
  ['expired', 'halt', 'halted'],
  ['rollback_offered', 'approve_rollback', 'rolling_back'],
  ['rollback_offered', 'retry', 'ready'],
  ['rollback_offered', 'skip', 'skipped'],
  ['rollback_offered', 'abort', 'aborted'],
  ['rollback_offered', 'halt', 'halted'],
  ['rolling_back', 'rollback_succeed', 'rolled_back'],
  ['rolling_back', 'rollback_fail', 'rollback_failed'],
  ['rolling_back', 'finish_dry_run', 'rolled_back'],
  ['rolling_back', 'lose_worker', 'manual_intervention'],
  ['rolling_back', 'cancel', 'aborted'],
  ['rolling_back', 'abort', 'aborted'],
  ['rolling_back', 'halt', 'halted'],
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

  it('never lets a running step be approved, edited, skipped or retried from under its worker; abort kills it', () => {
    for (const state of ['auto_running', 'running', 'rolling_back'] as const) {
      for (const event of ['approve', 'edit', 'skip', 'retry', 'mark_done'] as const) {
        expect(transition(state, event).ok).toBe(false);
      }
      expect(transition(state, 'abort')).toEqual({ ok: true, to: 'aborted' });
      expect(transition(state, 'halt')).toEqual({ ok: true, to: 'halted' });
    }
  });

  it('never calls a dry run a success, nor a person’s word a run', () => {
    expect(transition('running', 'finish_dry_run')).toEqual({ ok: true, to: 'dry_run' });
    expect(transition('awaiting_approval', 'mark_done')).toEqual({ ok: true, to: 'marked_done' });
    expect(transition('manual_intervention', 'mark_done')).toEqual({ ok: true, to: 'marked_done' });
  });
});

describe('run state machine', () => {
  it.each([
    ['running', 'complete', 'completed'],
    ['running', 'abort', 'aborted'],
  ] as const)('%s --%s--> %s', (from, event, to) => {
    expect(transitionRun(from, event)).toEqual({ ok: true, to });
  });

  it('has no way out of a finished run', () => {
    for (const state of EXECUTION_STATES.filter((s) => s !== 'running')) {
      for (const event of EXECUTION_EVENTS) expect(transitionRun(state, event).ok).toBe(false);
      expect(EXECUTION_TRANSITIONS[state]).toEqual({});
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
