/**
 * Every action_id, callback_id and block_id the product uses. Listeners register on
 * these and block builders emit them, so a renamed id cannot leave a button dead; a test
 * checks the manifest's command and every id here has a handler.
 */
export const SLASH_COMMAND = '/runbook';

export const ACTIONS = {
  startRun: 'run_start',
  approveStep: 'step_approve',
  confirmDangerous: 'step_confirm_dangerous',
  editStep: 'step_edit',
  skipStep: 'step_skip',
  abortRun: 'run_abort',
  markDone: 'step_mark_done',
  markFailed: 'step_mark_failed',
  retryStep: 'step_retry',
  rerequestApproval: 'step_rerequest',
  rollbackStep: 'step_rollback',
  provideVariables: 'step_provide_variables',
  pickRunnerUp: 'match_pick_runner_up',
  /** The confirmed button of a governance change (mode switch, runbook lock, panic, role revoke). */
  confirmGovernance: 'governance_confirm',
  /** Where a runbook forks: one button per option (`branch_choose_<n>`). */
  chooseBranch: 'branch_choose',
  /** App Home: an admin opens the "grant a role" modal. */
  openGrantRole: 'roles_grant_open',
  /** A storm summary: give one of the alerts it names its own message and thread. */
  openIncident: 'incident_open',
  /** Under a copilot answer: open the turn's audit bundle as a modal. */
  copilotWhy: 'copilot_why',
  /** Under a copilot answer: rate it 1–5 (`copilot_rate_<n>`). */
  copilotRate: 'copilot_rate',
  /** A copilot proposal card: a person starts the proposed command as a one-step run (gated as usual). */
  startProposal: 'copilot_start_proposal',
  /** The end-of-run feedback card: rate the run 1–5 (`run_feedback_<n>`), then a note in a modal. */
  runFeedback: 'run_feedback',
} as const;
export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

export const VIEWS = {
  typedConfirm: 'view_typed_confirm',
  editCommand: 'view_edit_command',
  variables: 'view_variables',
  newRunbook: 'view_new_runbook',
  grantRole: 'view_grant_role',
  /** The optional note after rating a run. */
  feedbackNote: 'view_feedback_note',
} as const;
export type ViewCallbackId = (typeof VIEWS)[keyof typeof VIEWS];

export const BLOCKS = {
  confirmInput: 'confirm_input',
  confirmInputAction: 'confirm_value',
  editInput: 'edit_input',
  editInputAction: 'edit_value',
  runbookTextInput: 'runbook_text',
  runbookTextAction: 'runbook_text_value',
  variablePrefix: 'var__',
  variableAction: 'var_value',
  stepActions: 'step_actions',
  matchActions: 'match_actions',
  grantUser: 'grant_user',
  grantUserAction: 'grant_user_value',
  grantGroup: 'grant_group',
  grantGroupAction: 'grant_group_value',
  grantRole: 'grant_role',
  grantRoleAction: 'grant_role_value',
  feedbackNote: 'feedback_note',
  feedbackNoteAction: 'feedback_note_value',
} as const;
