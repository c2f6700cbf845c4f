import type { Logger } from '../../lib/logger.js';

/** One piece of redacted output, always whole lines unless the stream ended mid-line. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

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
}
