/**
 * bench:containment — what a PID namespace per step costs, and how fast a worker signals its
 * running commands.
 *
 * - startMs: wall time of `true` run through runCommand, 40 times each way, p50 and p95;
 *   `pidns` minus `process-group` is the cost of the setpriv → unshare → init chain.
 * - stopAll: 20 contained commands (each with a `setsid` child) running in this process;
 *   `stopAll` is timed from its call to each command being signalled (the StopReport
 *   timestamps) and until every result has settled.
 */
import { buildChildEnv } from '../src/executions/executor/child-env.js';
import { probeContainment } from '../src/executions/executor/pidns/probe.js';
import { runCommand } from '../src/executions/executor/run-command.js';
import { createRunRegistry } from '../src/executions/executor/run-registry.js';
import { startCommand } from '../src/executions/executor/start-command.js';
import type { ContainmentMode, RunningCommand } from '../src/executions/executor/types.js';

const env = buildChildEnv(process.env, []);
const RUNS = 40;
const RUNNING = 20;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const round = (n: number): number => Math.round(n * 100) / 100;

async function startTimes(containment: ContainmentMode): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await runCommand({ command: 'true', env, containment, timeoutMs: 10_000, outputCapBytes: 1024 });
    times.push(performance.now() - t0);
  }
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

async function stopAllLatency(): Promise<Record<string, number>> {
  const registry = createRunRegistry();
  const ready: Promise<void>[] = [];
  const runs: RunningCommand[] = [];
  for (let i = 0; i < RUNNING; i++) {
    let up!: () => void;
    ready.push(new Promise((r) => (up = r)));
    const run = startCommand({
      command: 'setsid sleep 1000 & echo up; sleep 1000',
      env,
      timeoutMs: 60_000,
      killGraceMs: 2000,
      outputCapBytes: 1024,
      onOutput: () => up(),
    });
    registry.track(`run-${i}`, run);
    runs.push(run);
  }
  await Promise.all(ready);
  const t0 = performance.timeOrigin + performance.now();
  const reports = registry.stopAll('bench');
  await Promise.all(runs.map((r) => r.result));
  const settledMs = performance.timeOrigin + performance.now() - t0;
  const latencies = reports.map((r) => (r.signalledAtMs ?? Number.NaN) - t0);
  return {
    running: RUNNING,
    signalled: reports.filter((r) => r.outcome === 'signalled').length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    allSettledMs: round(settledMs),
  };
}

const probe = await probeContainment();
if (!probe.available) throw new Error(`containment unavailable: ${probe.reason}`);
const pidns = await startTimes('pidns');
const processGroup = await startTimes('process-group');
console.log(
  JSON.stringify({
    probeMs: probe.checkedInMs,
    startMs: { pidns, processGroup, overheadP50: round(pidns.p50 - processGroup.p50) },
    stopAll: await stopAllLatency(),
  }),
);
