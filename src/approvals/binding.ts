import { sha256Hex } from '../lib/hashing.js';

/**
 * What an approval is bound to: the exact command, its target, the runbook version and
 * the step (plus whether it is the rollback). Change any of them and the binding changes,
 * so a button or modal rendered for the old command can no longer approve anything.
 */
export function approvalBinding(input: {
  commandSha256: string;
  target: string | null;
  runbookVersionId: string;
  stepId: string;
  rollback?: boolean;
}): string {
  return sha256Hex(
    [
      input.commandSha256,
      input.target ?? '',
      input.runbookVersionId,
      input.stepId,
      input.rollback ? 'rollback' : 'command',
    ].join('\n'),
  );
}
