import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { shown } from '../support/slack-read.js';

describe('/runbook search, run, status, incidents and mttr', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { GOVERNANCE_MODE: 'audit' } });
  });
  afterAll(async () => e?.close());

  async function runbookCommand(userId: string, text: string) {
    const before = e.sandbox.ephemerals(userId).length;
    await e.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text });
    return shown(
      await e.sandbox.waitFor(() => e.sandbox.ephemerals(userId).slice(before).at(-1), { timeoutMs: 10_000 }),
    );
  }

  it('finds runbooks by words and starts one by hand, which opens an incident with its thread', async () => {
    const found = await runbookCommand(PEOPLE.viewer, 'search crash looping payments');
    expect(found).toContain('*Pod crash looping (e2e)* (`pod-crash-looping`');

    const started = await runbookCommand(PEOPLE.oncall, 'run stuck-batch-job');
    expect(started).toContain('Started *Stuck batch job (e2e)*');
    const incident = await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Stuck batch job (e2e) (started by hand)')),
      { timeoutMs: 15_000, description: 'the hand-started incident' },
    );
    expect(shown(incident)).toContain(`Started by <@${PEOPLE.oncall}>`);
    await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, incident.ts).find((m) => m.text.includes('Run started by')),
      { timeoutMs: 15_000, description: 'the run in the incident thread' },
    );

    const refused = await runbookCommand(PEOPLE.viewer, 'run stuck-batch-job');
    expect(refused).toContain('You need the *responder* role to start a run');
    expect(await runbookCommand(PEOPLE.oncall, 'run no-such-runbook')).toContain('No runbook `no-such-runbook`');
  });

  it('lists open incidents with their age, shows one by its reference, and reports MTTR', async () => {
    await e.fireAlert({ title: 'KubePodCrashLooping: payments/api-cmd is crash looping', service: 'payments-api' });
    await e.sandbox.waitFor(() => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('payments/api-cmd')), {
      timeoutMs: 15_000,
      description: 'the incident message',
    });
    const list = await runbookCommand(PEOPLE.viewer, 'incidents');
    expect(list).toMatch(
      /🔴 \*KubePodCrashLooping: payments\/api-cmd is crash looping\* · payments-api · open \d+s · `([0-9a-f]{8})`/,
    );
    const ref = /payments-api · open \d+s · `([0-9a-f]{8})`/.exec(list)![1]!;

    const status = await runbookCommand(PEOPLE.viewer, `status ${ref}`);
    expect(status).toContain('payments/api-cmd is crash looping');
    expect(status).toContain('not acknowledged · not mitigated · not resolved · via pagerduty');
    expect(await runbookCommand(PEOPLE.viewer, 'status zzzzzzzz')).toContain('No single incident matches');

    const mttr = await runbookCommand(PEOPLE.viewer, 'mttr 7');
    expect(mttr).toContain('MTTR, last 7 days');
    expect(mttr).toContain('No incident was resolved in this window.');
    expect(await runbookCommand(PEOPLE.viewer, 'mttr lots')).toContain('Usage: `/runbook mttr [days]`');
  });

  it('refuses every read to someone who holds no role (fail closed)', async () => {
    // The viewer's role is taken away (as a revoke would): nothing is shown any more.
    await e.db.owner.deleteFrom('role_grants').where('principal_id', '=', PEOPLE.viewer).execute();
    for (const sub of ['incidents', 'status', 'mttr', 'search disk', 'list']) {
      expect(await runbookCommand(PEOPLE.viewer, sub)).toMatch(/You need the \*viewer\* role/);
    }
  });
});
