import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeb } from '../../src/app/web.js';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PD_SECRET, PEOPLE, REPO_ROOT, startE2E } from '../support/e2e.js';
import { openIncident, press } from '../support/e2e-actions.js';
import { buttons, shown, waitForStep } from '../support/slack-read.js';

/** A real `worker` process, as the Procfile runs it, pointed at this test's database, queues and sandbox. */
function spawnWorker(e: E2E): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: e.db.appUrl,
      MIGRATION_DATABASE_URL: e.db.ownerUrl,
      QUEUE_PREFIX: e.prefix,
      SLACK_BOT_TOKEN: e.sandbox.botToken,
      SLACK_APP_TOKEN: e.sandbox.appToken,
      SLACK_API_URL: e.sandbox.apiUrl,
      SLACK_INCIDENT_CHANNEL: INCIDENTS,
      PAGERDUTY_WEBHOOK_SECRETS: PD_SECRET,
      GOVERNANCE_MODE: 'audit',
      EXECUTION_DRY_RUN: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[worker] ${d}`));
  return child;
}

describe('restarts lose nothing and never run a command twice', () => {
  let e: E2E;
  let worker: ChildProcess | null = null;
  beforeAll(async () => {
    e = await startE2E({ worker: false, env: { GOVERNANCE_MODE: 'audit' } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await e?.close();
  });

  it('a step whose worker is killed mid-run goes to manual intervention; a restarted web process still takes approvals', {
    timeout: 120_000,
  }, async () => {
    worker = spawnWorker(e);
    const thread = await openIncident(
      e,
      { title: 'BatchJobStuck: nightly export has not finished', service: 'batch' },
      PEOPLE.oncall,
    );

    // The 🟢 step runs by itself in the worker process; kill that process while the command runs.
    await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => shown(m).includes('Running'), 30_000);
    const started = async () => (await e.audit(['execution.step_started'])).length;
    expect(await started()).toBe(1);
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    worker = null;

    // A new worker finds the run without a heartbeat: manual intervention, not a re-run.
    await e.startWorker();
    const lost = await waitForStep(
      e.sandbox,
      INCIDENTS,
      thread,
      1,
      (m) => buttons(m).includes(ACTIONS.markDone),
      // On a loaded host the killed worker's last heartbeat ages out, then the next reconcile
      // round finds it: give both room.
      50_000,
    );
    expect(shown(lost)).toContain('Needs manual intervention');
    expect(shown(lost)).toContain('It was not re-run');
    const runs = await e.db.owner.selectFrom('step_runs').select(['status', 'kind']).execute();
    expect(runs).toEqual([{ status: 'lost', kind: 'command' }]);
    // BullMQ redelivers the stalled job and the reconciler runs every second: after several
    // rounds of both, the command was still not started again.
    await e.reconciled(4);
    expect(await started()).toBe(1);
    expect((await e.audit(['execution.step_needs_manual_intervention'])).length).toBe(1);

    // A person says how it ended; the run goes on.
    await press(e, PEOPLE.oncall, lost, ACTIONS.markDone);
    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));

    // The web process restarts while step 2 waits for approval: the pending approval still works.
    await e.web.stop();
    e.web = await startWeb(e.runtime, {
      botToken: e.sandbox.botToken,
      appToken: e.sandbox.appToken,
      apiUrl: e.sandbox.apiUrl,
      pagerdutySecrets: [PD_SECRET],
      http: { host: '127.0.0.1', port: 0 },
    });
    await e.sandbox.waitFor(() => e.sandbox.connections() > 0 || undefined, { timeoutMs: 10_000 });
    await press(e, PEOPLE.second, s2, ACTIONS.approveStep);
    await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => shown(m).includes('Succeeded'));
    expect(existsSync(e.file('e2e-rerun-marker'))).toBe(true);
    await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Runbook finished')),
      {
        timeoutMs: 20_000,
      },
    );
  });
});
