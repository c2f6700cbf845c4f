/**
 * A stand-in for a worker process: runs one command with runCommand and copies its output to
 * stdout. The containment tests kill it with SIGKILL mid-command.
 * Usage: node --import tsx worker-stand-in.ts <pidns|process-group> <command>
 */
import { buildChildEnv } from '../../../../src/executions/executor/child-env.js';
import { runCommand } from '../../../../src/executions/executor/run-command.js';
import type { ContainmentMode } from '../../../../src/executions/executor/types.js';

const [containment, command] = process.argv.slice(2) as [ContainmentMode, string];
void runCommand({
  command,
  containment,
  env: buildChildEnv(process.env, []),
  timeoutMs: 600_000,
  outputCapBytes: 64 * 1024,
  onOutput: (chunk) => process.stdout.write(chunk.text),
}).then((r) => process.stdout.write(`finished ${JSON.stringify(r)}\n`));
