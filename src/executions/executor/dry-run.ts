import { redactCommand } from '../../lib/redact.js';
import type { RunResult } from './types.js';

export type DryRunResult = RunResult & { dryRun: true };

/**
 * What a step WOULD run, without starting a process (EXECUTION_DRY_RUN). Shaped like a
 * successful RunResult so the state machine can treat it as a completed step; `dryRun`
 * tells renderers and the audit log that nothing ran. The command is redacted too: it may
 * carry a token inline.
 */
export function dryRun(command: string): DryRunResult {
  const output = `DRY RUN — not executed:\n$ ${redactCommand(command)}`;
  return {
    dryRun: true,
    exitCode: 0,
    signal: null,
    timedOut: false,
    aborted: false,
    output,
    outputBytes: Buffer.byteLength(output, 'utf8'),
    truncated: false,
    durationMs: 0,
    pid: undefined,
  };
}
