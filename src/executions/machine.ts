/**
 * The step and run life cycles as data: transition tables and one function each that
 * applies them. Every state change goes through `transition` / `transitionRun`, and the
 * tables are tested row by row, so there is exactly one place that says what may follow what.
 */
export const STEP_STATES = [
  'pending', // not reached yet
  'ready', // reached: classification and policy being settled
  'awaiting_variables', // needs values before its command can be shown for approval
  'awaiting_approval', // a human must approve, confirm, edit, skip or abort
  'auto_running', // policy let it run without a click; queued or running in a worker
  'running', // approved by a human; queued or running in a worker
  'succeeded', // the command ran and exited 0
  'dry_run', // approved and shown, but not executed (dry-run mode)
  'marked_done', // a person said it is done (an instruction, or a command whose worker died)
  'failed',
  'timed_out',
  'manual_intervention', // its worker died mid-run: never re-run silently
  'halted', // the panic switch stopped it (its command was killed, or its approval voided)
  'expired', // the approval window closed
  'rollback_offered',
  'rolling_back',
  'rolled_back',
  'rollback_failed',
  'skipped',
  'aborted',
] as const;
export type StepState = (typeof STEP_STATES)[number];

export const STEP_EVENTS = [
  'reach',
  'need_variables',
  'variables_set',
  'auto_approve',
  'request_approval',
  'approve',
  'mark_done',
  'edit',
  'expire',
  'rerequest',
  'succeed',
  'finish_dry_run',
  'fail',
  'time_out',
  'lose_worker',
  'resolve_failed',
  'retry',
  'offer_rollback',
  'approve_rollback',
  'rollback_succeed',
  'rollback_fail',
  'skip',
  'abort',
  'cancel',
  'void_approval',
  'halt',
] as const;
export type StepEvent = (typeof STEP_EVENTS)[number];

/** Where a step is not waiting for anyone and the run may move past it. */
export const DONE_STATES: ReadonlySet<StepState> = new Set([
  'succeeded',
  'dry_run',
  'marked_done',
  'skipped',
  'rolled_back',
]);
/** Where nothing can happen to the step any more. */
export const FINAL_STATES: ReadonlySet<StepState> = new Set([...DONE_STATES, 'aborted']);
/** Where a worker holds (or is about to hold) a child process for the step. */
export const EXECUTING_STATES: ReadonlySet<StepState> = new Set(['auto_running', 'running', 'rolling_back']);

type Table = { [S in StepState]: Partial<Record<StepEvent, StepState>> };

/** What a person may still do with a step that did not end well. */
const RECOVERABLE = { retry: 'ready', edit: 'ready', skip: 'skipped', abort: 'aborted' } as const;

/** A worker's outcomes, shared by the two ways a command gets to run. */
const EXECUTING = {
  succeed: 'succeeded',
  finish_dry_run: 'dry_run',
  fail: 'failed',
  time_out: 'timed_out',
  lose_worker: 'manual_intervention',
  // cancel: a worker found the run over before it started the command.
  cancel: 'aborted',
  // abort: a person stopped the run while the command ran; the command is killed.
  abort: 'aborted',
  halt: 'halted',
} as const;

export const STEP_TRANSITIONS: Table = {
  pending: { reach: 'ready', skip: 'skipped', abort: 'aborted' },
  ready: {
    need_variables: 'awaiting_variables',
    auto_approve: 'auto_running',
    request_approval: 'awaiting_approval',
    skip: 'skipped',
    abort: 'aborted',
    halt: 'halted',
  },
  awaiting_variables: { variables_set: 'ready', skip: 'skipped', abort: 'aborted', halt: 'halted' },
  awaiting_approval: {
    approve: 'running',
    mark_done: 'marked_done',
    edit: 'ready',
    expire: 'expired',
    skip: 'skipped',
    abort: 'aborted',
    halt: 'halted',
  },
  auto_running: { ...EXECUTING },
  running: { ...EXECUTING, void_approval: 'expired' },
  succeeded: {},
  dry_run: {},
  marked_done: {},
  failed: { ...RECOVERABLE, offer_rollback: 'rollback_offered' },
  timed_out: { ...RECOVERABLE, offer_rollback: 'rollback_offered' },
  manual_intervention: { mark_done: 'marked_done', resolve_failed: 'failed', skip: 'skipped', abort: 'aborted' },
  halted: { ...RECOVERABLE },
  expired: { rerequest: 'ready', edit: 'ready', skip: 'skipped', abort: 'aborted', halt: 'halted' },
  rollback_offered: {
    approve_rollback: 'rolling_back',
    retry: 'ready',
    skip: 'skipped',
    abort: 'aborted',
    halt: 'halted',
  },
  rolling_back: {
    rollback_succeed: 'rolled_back',
    rollback_fail: 'rollback_failed',
    finish_dry_run: 'rolled_back',
    lose_worker: 'manual_intervention',
    cancel: 'aborted',
    abort: 'aborted',
    halt: 'halted',
    void_approval: 'rollback_offered',
  },
  rolled_back: {},
  rollback_failed: { skip: 'skipped', abort: 'aborted' },
  skipped: {},
  aborted: {},
};

export type TransitionResult<S> = { ok: true; to: S } | { ok: false; reason: string };

export function transition(from: StepState, event: StepEvent): TransitionResult<StepState> {
  const to = STEP_TRANSITIONS[from][event];
  if (to) return { ok: true, to };
  return { ok: false, reason: `a step that is ${describeState(from)} cannot ${EVENT_VERBS[event]}` };
}

const EVENT_VERBS: Record<StepEvent, string> = {
  reach: 'be reached again',
  need_variables: 'ask for variables',
  variables_set: 'take variable values',
  auto_approve: 'run without a click',
  request_approval: 'ask for approval',
  approve: 'be approved',
  mark_done: 'be marked done',
  edit: 'be edited',
  expire: 'expire',
  rerequest: 'ask for approval again',
  succeed: 'succeed',
  finish_dry_run: 'finish a dry run',
  fail: 'fail',
  time_out: 'time out',
  lose_worker: 'lose its worker',
  resolve_failed: 'be marked failed',
  retry: 'be retried',
  offer_rollback: 'offer a rollback',
  approve_rollback: 'roll back',
  rollback_succeed: 'finish a rollback',
  rollback_fail: 'fail a rollback',
  skip: 'be skipped',
  abort: 'be aborted',
  cancel: 'be cancelled before it starts',
  void_approval: 'have its approval voided',
  halt: 'be halted',
};

export function describeState(state: StepState): string {
  return state.replace(/_/g, ' ');
}

/** Run (execution) states: a run is active until it completes or someone aborts it. */
export const EXECUTION_STATES = ['running', 'completed', 'aborted'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];
export const EXECUTION_EVENTS = ['complete', 'abort'] as const;
export type ExecutionEvent = (typeof EXECUTION_EVENTS)[number];

export const EXECUTION_TRANSITIONS: { [S in ExecutionState]: Partial<Record<ExecutionEvent, ExecutionState>> } = {
  running: { complete: 'completed', abort: 'aborted' },
  completed: {},
  aborted: {},
};

export function transitionRun(from: ExecutionState, event: ExecutionEvent): TransitionResult<ExecutionState> {
  const to = EXECUTION_TRANSITIONS[from][event];
  if (to) return { ok: true, to };
  return { ok: false, reason: `a run that is ${from} cannot be ${event === 'abort' ? 'aborted' : 'completed'}` };
}
