/**
 * The step life cycle as data: a transition table and one function that applies it.
 * Every state change of a step goes through `transition`, and the table is tested row by
 * row, so there is exactly one place that says what may follow what.
 */
export const STEP_STATES = [
  'pending', // not reached yet
  'ready', // reached: classification and policy being settled
  'awaiting_variables', // needs values before its command can be shown for approval
  'awaiting_approval', // a human must approve, confirm, edit, skip or abort
  'auto_running', // policy let it run without a click; queued or running in a worker
  'running', // approved by a human; queued or running in a worker
  'succeeded',
  'failed',
  'timed_out',
  'manual_intervention', // its worker died mid-run: never re-run silently
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
  'confirm_done',
  'edit',
  'expire',
  'rerequest',
  'succeed',
  'fail',
  'time_out',
  'lose_worker',
  'resolve_done',
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
] as const;
export type StepEvent = (typeof STEP_EVENTS)[number];

/** Where a step is not waiting for anyone and the run may move past it. */
export const DONE_STATES: ReadonlySet<StepState> = new Set(['succeeded', 'skipped', 'rolled_back']);
/** Where nothing can happen to the step any more. */
export const FINAL_STATES: ReadonlySet<StepState> = new Set(['succeeded', 'skipped', 'rolled_back', 'aborted']);
/** Where a worker holds (or is about to hold) a child process for the step. */
export const EXECUTING_STATES: ReadonlySet<StepState> = new Set(['auto_running', 'running', 'rolling_back']);

type Table = { [S in StepState]: Partial<Record<StepEvent, StepState>> };

export const STEP_TRANSITIONS: Table = {
  pending: { reach: 'ready', skip: 'skipped', abort: 'aborted' },
  ready: {
    need_variables: 'awaiting_variables',
    auto_approve: 'auto_running',
    request_approval: 'awaiting_approval',
    skip: 'skipped',
    abort: 'aborted',
  },
  awaiting_variables: { variables_set: 'ready', skip: 'skipped', abort: 'aborted' },
  awaiting_approval: {
    approve: 'running',
    confirm_done: 'succeeded',
    edit: 'ready',
    expire: 'expired',
    skip: 'skipped',
    abort: 'aborted',
  },
  // cancel and void_approval come only from a worker that has not started the command yet.
  auto_running: {
    succeed: 'succeeded',
    fail: 'failed',
    time_out: 'timed_out',
    lose_worker: 'manual_intervention',
    cancel: 'aborted',
  },
  running: {
    succeed: 'succeeded',
    fail: 'failed',
    time_out: 'timed_out',
    lose_worker: 'manual_intervention',
    cancel: 'aborted',
    void_approval: 'expired',
  },
  succeeded: {},
  failed: { retry: 'ready', edit: 'ready', offer_rollback: 'rollback_offered', skip: 'skipped', abort: 'aborted' },
  timed_out: { retry: 'ready', edit: 'ready', offer_rollback: 'rollback_offered', skip: 'skipped', abort: 'aborted' },
  manual_intervention: {
    resolve_done: 'succeeded',
    resolve_failed: 'failed',
    skip: 'skipped',
    abort: 'aborted',
  },
  expired: { rerequest: 'ready', edit: 'ready', skip: 'skipped', abort: 'aborted' },
  rollback_offered: { approve_rollback: 'rolling_back', retry: 'ready', skip: 'skipped', abort: 'aborted' },
  rolling_back: {
    rollback_succeed: 'rolled_back',
    rollback_fail: 'rollback_failed',
    lose_worker: 'manual_intervention',
    cancel: 'aborted',
    void_approval: 'rollback_offered',
  },
  rolled_back: {},
  rollback_failed: { skip: 'skipped', abort: 'aborted' },
  skipped: {},
  aborted: {},
};

export type TransitionResult = { ok: true; to: StepState } | { ok: false; reason: string };

export function transition(from: StepState, event: StepEvent): TransitionResult {
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
  confirm_done: 'be marked done',
  edit: 'be edited',
  expire: 'expire',
  rerequest: 'ask for approval again',
  succeed: 'succeed',
  fail: 'fail',
  time_out: 'time out',
  lose_worker: 'lose its worker',
  resolve_done: 'be marked done',
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
};

export function describeState(state: StepState): string {
  return state.replace(/_/g, ' ');
}

/** Execution (run) states: a run is active until it completes or someone aborts it. */
export const EXECUTION_STATES = ['running', 'completed', 'aborted'] as const;
export type ExecutionState = (typeof EXECUTION_STATES)[number];
