import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, waitUntilGone } from '../../../../src/executions/executor/process-state.js';

export { isAlive };

/** Pids a test command wrote, one per line, to a file (none when it does not exist yet). */
export function readPids(file: string): number[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

/** Polls until no pid is alive (the kernel may need a moment to reap), or gives up. */
export function waitUntilDead(pids: number[], withinMs = 3000): Promise<number[]> {
  return waitUntilGone(pids, withinMs);
}

export function tempDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), 'rbc-exec-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A script that appends its own pid, as the host sees it, to the file named by $1, then
 * becomes `sleep 1000`. Inside a PID namespace `$!` and `$$` are the namespace's numbers;
 * /proc here is the host's (no --mount-proc), so /proc/self/stat gives the host pid.
 */
export function pidRecorder(dir: string): string {
  const path = join(dir, 'record-pid');
  writeFileSync(path, '#!/bin/bash\nread -r pid _ < /proc/self/stat\necho "$pid" >> "$1"\nexec sleep 1000\n', {
    mode: 0o755,
  });
  return path;
}

/** Bash that records the shell's own host pid into `file`. */
export const recordShellPid = (file: string): string => `read -r me _ < /proc/self/stat; echo "$me" >> ${file}`;

/** Bash that waits until `file` has `n` lines, then prints "ready". */
export const announceWhen = (file: string, n: number): string =>
  `until [ "$(cat ${file} 2>/dev/null | wc -l)" -ge ${n} ]; do sleep 0.01; done; echo ready`;

/** Kill leftovers a test could not prevent (documented escapes), by pid. */
export function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
