import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, REPO_ROOT, startE2E } from '../support/e2e.js';
import { ephemeral, press } from '../support/e2e-actions.js';
import { buttons, shown, waitForStep } from '../support/slack-read.js';

/** Pids of live processes whose command line contains `needle`. */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(needle) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Real commands (EXECUTION_DRY_RUN=false): the panic switch and ⛔ Abort stop a command that
 * is running, and the step never says it succeeded.
 */
describe('stopping commands that are running', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({
      runbooksDir: path.join(REPO_ROOT, 'test/fixtures/containment-runbooks'),
      env: { GOVERNANCE_MODE: 'audit', EXECUTION_DRY_RUN: 'false' },
    });
  });
  afterAll(async () => {
    await e?.close();
  });

  async function command(userId: string, text: string) {
    const before = e.sandbox.ephemerals(userId).length;
    await e.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text });
    return e.sandbox.waitFor(() => e.sandbox.ephemerals(userId).slice(before).at(-1), { timeoutMs: 15_000 });
  }

  async function runningDrain(title: string) {
    await e.fireAlert({ title, service: 'drain' });
    const matched = await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes(title) && m.text.includes('Runbook matched')),
      { timeoutMs: 15_000 },
    );
    await press(e, PEOPLE.oncall, matched, ACTIONS.startRun);
    const step = await waitForStep(e.sandbox, INCIDENTS, matched.ts, 1, (m) => buttons(m).includes(ACTIONS.abortRun));
    await until(
      'both sleeps to start',
      () => processesWith('sleep 3017').length > 0 && processesWith('sleep 3021').length > 0,
    );
    return { thread: matched.ts, step };
  }

  it('⛔ Abort on a running step kills the command; the step says aborted, never succeeded', async () => {
    const { thread, step } = await runningDrain('DrainStuck: abort drill');
    expect(shown(step)).toContain('Running');
    await press(e, PEOPLE.oncall, step, ACTIONS.abortRun);
    // The whole tree dies, the setsid escapee included (each step runs in its own PID namespace).
    await until(
      'both sleeps to be killed',
      () => processesWith('sleep 3017').length + processesWith('sleep 3021').length === 0,
    );
    const aborted = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => shown(m).includes('Aborted'));
    expect(shown(aborted)).not.toContain('Succeeded');
    await e.sandbox.waitFor(() => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Run aborted')), {
      timeoutMs: 15_000,
    });
    const killed = await e.audit(['execution.command_killed']);
    expect(killed.length).toBeGreaterThanOrEqual(1);
    const runs = await e.db.owner.selectFrom('step_runs').select('status').execute();
    expect(runs.map((r) => r.status)).toEqual(['cancelled']);
  });

  it('the panic switch kills running commands, halts the run, stops new runs, and only an admin lifts it', async () => {
    const { thread } = await runningDrain('DrainStuck: panic drill');
    expect((await command(PEOPLE.viewer, 'panic')).text).toContain(
      'You need the *responder* role to pull the panic switch',
    );
    const pulled = await command(PEOPLE.oncall, 'panic the database is on fire');
    expect(pulled.text).toContain('Panic switch pulled');
    await until(
      'both sleeps to be killed',
      () => processesWith('sleep 3017').length + processesWith('sleep 3021').length === 0,
    );
    const halted = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) =>
      shown(m).includes('Halted by the panic switch'),
    );
    expect(shown(halted)).toContain(`🛑 halted by <@${PEOPLE.oncall}>`);
    await e.sandbox.waitFor(() => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Panic switch pulled')), {
      timeoutMs: 10_000,
    });

    // New alerts are still announced, but no run starts.
    await e.fireAlert({ title: 'DrainStuck: during the panic', service: 'drain' });
    const during = await e.sandbox.waitFor(
      () =>
        e.sandbox
          .messages(INCIDENTS)
          .find((m) => m.text.includes('during the panic') && m.text.includes('Runbook matched')),
      { timeoutMs: 15_000 },
    );
    await press(e, PEOPLE.oncall, during, ACTIONS.startRun);
    await ephemeral(e, PEOPLE.oncall, 'The panic switch is on in this workspace');

    expect((await command(PEOPLE.oncall, 'panic off')).text).toContain(
      'You need the *admin* role to lift the panic switch',
    );
    expect((await command(PEOPLE.manager, 'panic status')).text).toContain('the database is on fire');
    expect((await command(PEOPLE.manager, 'panic off')).text).toContain('lifted');
    await e.sandbox.waitFor(() => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Panic switch lifted')), {
      timeoutMs: 10_000,
    });
    // Nothing resumed by itself: the halted step waits for a person.
    expect([...processesWith('sleep 3017'), ...processesWith('sleep 3021')]).toEqual([]);
    expect(existsSync(e.file('containment-finished'))).toBe(false);
    const types = (await e.audit()).map((ev) => ev.type);
    for (const type of [
      'governance.panic_on',
      'governance.panic_off',
      'execution.step_halted',
      'execution.command_killed',
    ]) {
      expect(types, type).toContain(type);
    }
  });
});
