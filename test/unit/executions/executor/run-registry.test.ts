import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../../../src/executions/executor/child-env.js';
import { createRunRegistry } from '../../../../src/executions/executor/run-registry.js';
import { startCommand } from '../../../../src/executions/executor/start-command.js';
import type { RunningCommand } from '../../../../src/executions/executor/types.js';
import { tempDir } from './process-helpers.js';

const env = buildChildEnv(process.env, []);
let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** Starts `sleep 1000` after printing "up", and resolves once it is running. */
async function startSleeper(): Promise<RunningCommand> {
  let up!: () => void;
  const started = new Promise<void>((r) => (up = r));
  const run = startCommand({
    command: 'echo up; sleep 1000',
    env,
    timeoutMs: 60_000,
    killGraceMs: 1000,
    outputCapBytes: 1024,
    onOutput: () => up(),
  });
  await started;
  return run;
}

describe('RunRegistry', () => {
  it('stops one run by id and leaves the others running', async () => {
    const registry = createRunRegistry();
    const a = await startSleeper();
    const b = await startSleeper();
    registry.track('run-a', a);
    registry.track('run-b', b);

    const report = registry.stop('run-a', '⛔ Abort by an on-call engineer');
    expect(report).toMatchObject({ runId: 'run-a', pid: a.pid, outcome: 'signalled' });
    expect((await a.result).stopReason).toBe('⛔ Abort by an on-call engineer');
    expect(registry.running()).toEqual(['run-b']);

    registry.stopAll('test over');
    await b.result;
    expect(registry.running()).toEqual([]);
  });

  it('reports a second stop as already stopping, and knows nothing of runs it does not hold', async () => {
    const registry = createRunRegistry();
    const run = await startSleeper();
    registry.track('run-1', run);
    expect(registry.stop('run-1', 'first')?.outcome).toBe('signalled');
    expect(registry.stop('run-1', 'second')?.outcome).toBe('already-stopping');
    expect(registry.stop('run-unknown', 'x')).toBeNull();
    expect((await run.result).stopReason).toBe('first');
    expect(registry.stop('run-1', 'after the end')).toBeNull();
  });

  it('halt stops what runs and every command tracked afterwards, until resume', async () => {
    const registry = createRunRegistry();
    const before = await startSleeper();
    registry.track('run-before', before);
    expect(registry.halt('panic switch on').map((r) => r.runId)).toEqual(['run-before']);
    expect(registry.haltedFor).toBe('panic switch on');

    const during = await startSleeper();
    registry.track('run-during', during);
    expect(await during.result).toMatchObject({ aborted: true, stopReason: 'panic switch on' });
    await before.result;

    registry.resume();
    expect(registry.haltedFor).toBeUndefined();
    const after = await startSleeper();
    registry.track('run-after', after);
    expect(registry.running()).toEqual(['run-after']);
    registry.stop('run-after', 'test over');
    expect((await after.result).stopReason).toBe('test over');
  });
});

describe('RunningCommand.stop before the process exists', () => {
  it('starts nothing and reports not-started', async () => {
    const marker = join(dir.path, 'ran');
    const run = startCommand({ command: `touch ${marker}`, env, timeoutMs: 5000, outputCapBytes: 100 });
    const report = run.stop('panic switch on');
    expect(report).toMatchObject({ outcome: 'not-started', pid: undefined, signalledAtMs: undefined });
    expect(await run.result).toMatchObject({ aborted: true, pid: undefined, stopReason: 'panic switch on' });
    expect(existsSync(marker)).toBe(false);
    expect(run.stop('again').outcome).toBe('finished');
  });
});
