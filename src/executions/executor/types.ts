import type { Logger } from '../../lib/logger.js';

/** One piece of redacted output, always whole lines unless the stream ended mid-line. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * How a step's process tree is held together (EXECUTION_CONTAINMENT):
 * - `pidns`: its own PID namespace whose init dies with the worker; nothing escapes.
 * - `process-group`: its own process group; `setsid` and daemons escape, and the command
 *   outlives a killed worker. Only when an operator opts into it.
 */
export type ContainmentMode = 'pidns' | 'process-group';

export interface RunRequest {
  /** The approved command, run as `bash --noprofile --norc -o pipefail -c <command>`. */
  command: string;
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL on timeout or abort. Default 5000. */
  killGraceMs?: number;
  /** The complete child environment (see buildChildEnv); nothing is inherited. */
  env: Record<string, string>;
  cwd?: string;
  /** Most bytes of (redacted) output kept in RunResult.output; head and tail are kept. */
  outputCapBytes: number;
  /** Redacted output as it arrives; exceptions thrown here are logged and ignored. */
  onOutput?: (chunk: OutputChunk) => void;
  signal?: AbortSignal;
  /** Default '/bin/bash'. Must accept bash's flags. */
  shell?: string;
  /** Default 'pidns', which refuses to run when containment is unavailable. */
  containment?: ContainmentMode;
  logger?: Logger;
}

export interface RunResult {
  /** null when the shell was killed by a signal or never started. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** Combined stdout+stderr in arrival order (whole lines), redacted and capped. */
  output: string;
  /** Total bytes the command wrote, before redaction and the cap. */
  outputBytes: number;
  truncated: boolean;
  durationMs: number;
  pid: number | undefined;
  /** Set when the process could not be started at all (bad shell, bad cwd). */
  startError?: string;
  /** Why it was aborted: the AbortSignal's reason or the reason given to `stop()`. */
  stopReason?: string;
}

/** What `stop()` did, with timestamps (epoch ms, sub-millisecond) to measure stop latency. */
export interface StopReport {
  /** The spawned process (leader of the step's process group); undefined when none ran. */
  pid: number | undefined;
  reason: string;
  requestedAtMs: number;
  /** When SIGTERM was sent to the tree; undefined when there was nothing to signal. */
  signalledAtMs: number | undefined;
  outcome: 'signalled' | 'already-stopping' | 'not-started' | 'finished';
}

/** A command that was started; see startCommand. */
export interface RunningCommand {
  /** Settles exactly once; rejects only for an invalid request or unavailable containment. */
  readonly result: Promise<RunResult>;
  /** The spawned process, once it is running. */
  readonly pid: number | undefined;
  /** SIGTERM to the whole tree now, SIGKILL after the grace period. Idempotent. */
  stop(reason: string): StopReport;
}
