import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../../../src/executions/executor/child-env.js';
import { createRunRegistry } from '../../../../src/executions/executor/run-registry.js';
import { startCommand } from '../../../../src/executions/executor/start-command.js';
import { PIPE_CLOSE_WAIT_MS } from '../../../../src/executions/executor/supervise.js';
import type { RunRequest } from '../../../../src/executions/executor/types.js';
import {
  announceWhen,
  isAlive,
  killPids,
  pidRecorder,
  readPids,
  recordShellPid,
  tempDir,
  waitUntilDead,
} from './process-helpers.js';

/**
 * Every way a command's process can try to outlive its step, each recording its host pid.
 * The last one also ignores SIGTERM, so only the namespace's SIGKILL ends it.
 */
const ESCAPES: Record<string, (rec: string, file: string) => string> = {
  setsid: (rec, file) => `setsid ${rec} ${file} &`,
  'double fork': (rec, file) => `( ( ${rec} ${file} & ) & )`,
  'nohup … &': (rec, file) => `nohup ${rec} ${file} > /dev/null 2>&1 &`,
  disown: (rec, file) => `${rec} ${file} & disown`,
  'setsid daemon that ignores SIGTERM': (rec, file) => `setsid bash -c "trap '' TERM; exec ${rec} ${file}" &`,
};
const escapeNames = Object.keys(ESCAPES);

const env = buildChildEnv(process.env, []);
let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
const workers: ChildProcess[] = [];
afterEach(() => {
  // a failed test must not leave its stand-in worker (and so its command) running
  for (const w of workers.splice(0)) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
  dir.cleanup();
});

/** The shell records its own pid, starts the escape, says "ready" once both pids are known. */
function escapingCommand(route: string, file: string, then = 'sleep 1000'): string {
  const rec = pidRecorder(dir.path);
  return [recordShellPid(file), ESCAPES[route]!(rec, file), announceWhen(file, 2), then].join('\n');
}

const request = (command: string, extra: Partial<RunRequest> = {}): RunRequest => ({
  command,
  env,
  timeoutMs: 60_000,
  killGraceMs: 1000,
  outputCapBytes: 64 * 1024,
  ...extra,
});

describe.each(escapeNames)('a PID namespace per step contains: %s', (route) => {
  it('on timeout: the result says timed out, and every process of the step is gone', async () => {
    const file = join(dir.path, 'pids');
    const r = await startCommand(request(escapingCommand(route, file), { timeoutMs: 2000 })).result;
    expect(r).toMatchObject({ timedOut: true, aborted: false, exitCode: null, output: 'ready\n' });
    expect(readPids(file)).toHaveLength(2);
    expect(await waitUntilDead(readPids(file))).toEqual([]);
  });

  it('on abort: the result says aborted with its reason, and every process of the step is gone', async () => {
    const file = join(dir.path, 'pids');
    const ac = new AbortController();
    const r = await startCommand(
      request(escapingCommand(route, file), { signal: ac.signal, onOutput: () => ac.abort('⛔ Abort') }),
    ).result;
    expect(r).toMatchObject({ aborted: true, timedOut: false, exitCode: null, stopReason: '⛔ Abort' });
    expect(readPids(file)).toHaveLength(2);
    expect(await waitUntilDead(readPids(file))).toEqual([]);
  });

  it('on stopAll (the panic switch): every run is signalled, reported with timestamps, and gone', async () => {
    const registry = createRunRegistry();
    const files = ['a', 'b'].map((n) => join(dir.path, n));
    const ready: Promise<void>[] = [];
    const runs = files.map((file, i) => {
      let onReady!: () => void;
      ready.push(new Promise((r) => (onReady = r)));
      const run = startCommand(request(escapingCommand(route, file), { onOutput: () => onReady() }));
      registry.track(`run-${i}`, run);
      return run;
    });
    await Promise.all(ready);
    const reports = registry.stopAll('panic switch on');
    expect(reports.map((r) => [r.runId, r.outcome, r.reason])).toEqual([
      ['run-0', 'signalled', 'panic switch on'],
      ['run-1', 'signalled', 'panic switch on'],
    ]);
    for (const report of reports) {
      expect(report.pid).toBeGreaterThan(0);
      expect(report.signalledAtMs).toBeGreaterThanOrEqual(report.requestedAtMs);
    }
    const results = await Promise.all(runs.map((run) => run.result));
    for (const r of results) expect(r).toMatchObject({ aborted: true, exitCode: null, stopReason: 'panic switch on' });
    expect(registry.running()).toEqual([]);
    const pids = files.flatMap(readPids);
    expect(pids).toHaveLength(4);
    expect(await waitUntilDead(pids)).toEqual([]);
  });

  it('when the command exits: its leftovers are stopped and their open pipes do not delay the result', async () => {
    const file = join(dir.path, 'pids');
    const r = await startCommand(request(escapingCommand(route, file, 'echo done'), { killGraceMs: 300 })).result;
    expect(r).toMatchObject({ exitCode: 0, output: 'ready\ndone\n', timedOut: false, aborted: false });
    expect(r.durationMs).toBeLessThan(PIPE_CLOSE_WAIT_MS);
    expect(await waitUntilDead(readPids(file))).toEqual([]);
  });

  it('when the worker is killed (SIGKILL): every process of the step dies with it', async () => {
    const file = join(dir.path, 'pids');
    const worker = startWorker('pidns', escapingCommand(route, file));
    await worker.ready;
    expect(readPids(file)).toHaveLength(2);
    worker.child.kill('SIGKILL');
    expect(await waitUntilDead(readPids(file), 5000)).toEqual([]);
  });
});

describe('a worker that is not root', () => {
  const asRoot = process.getuid?.() === 0;

  it.runIf(asRoot)('contains its commands in a user namespace, as its own uid, and they die with it', async () => {
    chmodSync(dir.path, 0o777); // the unprivileged worker writes its pid file here
    const file = join(dir.path, 'pids');
    const worker = startWorker('pidns', escapingCommand('setsid', file, 'id -u; sleep 1000'), { uid: 65534 });
    await worker.ready;
    expect(await worker.nextLine()).toBe('65534');
    expect(readPids(file)).toHaveLength(2);
    worker.child.kill('SIGKILL');
    expect(await waitUntilDead(readPids(file), 5000)).toEqual([]);
  });
});

describe('process-group mode (the opt-out) does not contain', () => {
  it('a setsid process outlives a killed worker', async () => {
    const file = join(dir.path, 'pids');
    const worker = startWorker('process-group', escapingCommand('setsid', file));
    try {
      await worker.ready;
      const exited = new Promise((resolve) => worker.child.once('exit', resolve));
      worker.child.kill('SIGKILL');
      await exited;
      // the worker is gone; its command and the escaped process keep running, unwatched
      expect(readPids(file).filter(isAlive)).toHaveLength(2);
    } finally {
      killPids(readPids(file));
    }
  });
});

interface StandInWorker {
  child: ChildProcess;
  /** Resolves when the command printed "ready". */
  ready: Promise<void>;
  /** The first output line after "ready". */
  nextLine(): Promise<string>;
}

/** Runs the command in a separate node process, the way a worker would (as `uid` when given). */
function startWorker(
  containment: 'pidns' | 'process-group',
  command: string,
  as: { uid?: number } = {},
): StandInWorker {
  const node = [
    process.execPath,
    '--import',
    'tsx',
    join(import.meta.dirname, 'worker-stand-in.ts'),
    containment,
    command,
  ];
  const argv =
    as.uid === undefined
      ? node
      : ['setpriv', `--reuid=${as.uid}`, `--regid=${as.uid}`, '--clear-groups', '--', ...node];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  workers.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const seen = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const m = pattern.exec(out);
        if (m) resolve(m[1] ?? '');
      };
      child.stdout?.on('data', check);
      child.on('exit', (code, signal) => reject(new Error(`worker stand-in exited (${code ?? signal}): ${out}`)));
      check();
    });
  return { child, ready: seen(/ready\n/).then(() => undefined), nextLine: () => seen(/ready\n(.*)\n/) };
}
