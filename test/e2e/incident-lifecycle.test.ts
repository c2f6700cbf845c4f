import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../src/sandbox/index.js';
import { ACTIONS } from '../../src/slack/ids.js';
import { sendPagerDuty, sendWithBearer, sourceFixture } from '../support/alert-sources.js';
import { type E2E, INCIDENTS, PD_SECRET, PEOPLE, startE2E } from '../support/e2e.js';
import { press } from '../support/e2e-actions.js';
import { buttons, shown } from '../support/slack-read.js';

/** Polls the stored delivery until the worker has settled it (it leaves `received`). */
async function settledIn(e: E2E, id: string, seconds = 15) {
  for (let i = 0; i < seconds * 10; i++) {
    const r = await e.db.owner.selectFrom('alert_inbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (r && r.status !== 'received') return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`delivery ${id} was not settled in ${seconds} s`);
}

describe('one incident per external incident or alert group, through its whole life', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { GOVERNANCE_MODE: 'audit' } });
  });
  afterAll(async () => e?.close());

  const topLevel = (needle: string) => e.sandbox.messages(INCIDENTS).filter((m) => shown(m).includes(needle));
  const reply = (parent: SandboxMessage, needle: string) =>
    e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, parent.ts).find((m) => m.ts !== parent.ts && shown(m).includes(needle)),
      { timeoutMs: 15_000, description: `a reply saying "${needle}"` },
    );
  const parentSays = (parent: SandboxMessage, needle: string) =>
    e.sandbox.waitFor(
      () => {
        const now = e.sandbox.messages(INCIDENTS).find((m) => m.ts === parent.ts);
        return now && shown(now).includes(needle) ? now : undefined;
      },
      { timeoutMs: 15_000, description: `the matched message saying "${needle}"` },
    );

  it('Alertmanager: a new alert of the group is posted in the thread; resolved and firing again update it', async () => {
    const firing = sourceFixture('alertmanager-firing.json');
    expect((await sendWithBearer(e.web.url, 'alertmanager', firing)).status).toBe(202);
    const parent = await e.sandbox.waitFor(() => topLevel('api-7d9f8c6b5-x2k4q')[0], {
      timeoutMs: 15_000,
      description: 'the incident message',
    });
    expect(shown(parent)).toContain('urgency page');
    expect(shown(parent)).toContain('Open the alert');

    expect(
      (await sendWithBearer(e.web.url, 'alertmanager', sourceFixture('alertmanager-firing-two.json'))).status,
    ).toBe(202);
    const added = await reply(parent, '1 new alert in this group');
    expect(shown(added)).toContain('Pod payments/api-7d9f8c6b5-q8m2z is crash looping');
    expect(shown(added)).toContain('2 of 2 alerts in this group firing');

    expect((await sendWithBearer(e.web.url, 'alertmanager', sourceFixture('alertmanager-resolved.json'))).status).toBe(
      202,
    );
    await reply(parent, '✅ Resolved in alertmanager');
    await parentSays(parent, '✅ Resolved in alertmanager');

    // The group fires again later (a new startsAt): the same incident reopens, in the same thread.
    const again = sourceFixture<{ alerts: Array<{ startsAt: string }> }>('alertmanager-firing.json');
    again.alerts[0]!.startsAt = '2026-12-06T09:00:00Z';
    expect((await sendWithBearer(e.web.url, 'alertmanager', again)).status).toBe(202);
    await reply(parent, '🔁 Reopened in alertmanager');
    await parentSays(parent, 'reopened 1×');
    expect(topLevel('api-7d9f8c6b5-x2k4q')).toHaveLength(1);

    const incidents = await e.db.owner
      .selectFrom('incidents')
      .selectAll()
      .where('source', '=', 'alertmanager')
      .execute();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: 'triggered', reopened_count: 1, resolved_at: null });
    const groupAlerts = await e.db.owner.selectFrom('incident_alerts').select(['fingerprint', 'status']).execute();
    expect(groupAlerts.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint))).toEqual([
      { fingerprint: '1f0b9a7c6d5e4f32', status: 'resolved' },
      { fingerprint: '8d3e1c5f0a2b4c67', status: 'firing' },
    ]);
  });

  it('Alertmanager: the same alert arriving in another group is told in the thread it already has', async () => {
    const parent = topLevel('api-7d9f8c6b5-x2k4q')[0]!;
    // Another route groups by other labels: a new group key, holding the alert already firing.
    const regrouped = sourceFixture<{ groupKey: string; alerts: Array<Record<string, unknown>> }>(
      'alertmanager-firing-two.json',
    );
    regrouped.groupKey = '{}/{team="payments"}:{service="payments-api"}';
    // An alert this thread has not told of yet.
    regrouped.alerts[1] = {
      ...regrouped.alerts[1],
      fingerprint: '5c4b3a2918f7e6d0',
      annotations: { summary: 'Pod payments/api-regrouped-z9 is crash looping' },
    };
    expect((await sendWithBearer(e.web.url, 'alertmanager', regrouped)).status).toBe(202);
    const added = await reply(parent, 'api-regrouped-z9');
    expect(shown(added)).toContain('1 new alert in this group');
    expect(topLevel('api-7d9f8c6b5-x2k4q')).toHaveLength(1);
    const joined = await e.db.owner
      .selectFrom('incidents')
      .select(['joined_to'])
      .where('group_key', '=', regrouped.groupKey)
      .executeTakeFirstOrThrow();
    expect(joined.joined_to).not.toBeNull();
  });

  it('PagerDuty: acknowledged, resolved and reopened update the matched message and the thread, after ▶ Start too', async () => {
    expect((await sendPagerDuty(e.web.url, PD_SECRET, sourceFixture('pagerduty-triggered.json'))).status).toBe(202);
    const parent = await e.sandbox.waitFor(() => topLevel('pod payments/api-7d9f8c6b5-x2k4q is crash looping')[0], {
      timeoutMs: 15_000,
      description: 'the PagerDuty incident message',
    });
    await press(e, PEOPLE.oncall, parent, ACTIONS.startRun);
    await reply(parent, 'Run started by');
    // After ▶ Start the message still carries the alert's link and urgency.
    const started = await parentSays(parent, 'Started by');
    expect(shown(started)).toContain('urgency high');
    expect(shown(started)).toContain('https://example.pagerduty.com/incidents/Q2KXB7Z1W0Y3AB');

    await sendPagerDuty(e.web.url, PD_SECRET, sourceFixture('pagerduty-acknowledged.json'));
    await reply(parent, '✋ Acknowledged in pagerduty by On-call Engineer');
    const acked = await parentSays(parent, '✋ Acknowledged in pagerduty by On-call Engineer');
    expect(shown(acked)).toContain('Started by');

    await sendPagerDuty(e.web.url, PD_SECRET, sourceFixture('pagerduty-priority-updated.json'));
    await reply(parent, 'Priority now P1');

    await sendPagerDuty(e.web.url, PD_SECRET, sourceFixture('pagerduty-resolved.json'));
    const resolved = await reply(parent, '✅ Resolved in pagerduty');
    expect(shown(resolved)).toContain('The run is still going');
    // The end-of-incident summary: this incident's times, and its service's means (30 days).
    expect(shown(resolved)).toMatch(/This incident:\* acknowledged after \d+s · not mitigated · resolved after \d+s/);
    expect(shown(resolved)).toMatch(
      /Service payments-api\* \(30 days\): MTTA \d+s · to mitigate – · MTTR \d+s over 1 incident/,
    );
    await parentSays(parent, '✅ Resolved in pagerduty');
    // The reply offers to end the run; ⛔ End the run aborts it (nothing not done is shown as done).
    expect(buttons(resolved)).toEqual([ACTIONS.abortRun]);
    await press(e, PEOPLE.oncall, resolved, ACTIONS.abortRun);
    const aborted = await reply(parent, 'Run aborted');
    expect(shown(aborted)).toContain(`aborted by <@${PEOPLE.oncall}>`);

    await sendPagerDuty(e.web.url, PD_SECRET, sourceFixture('pagerduty-reopened.json'));
    await reply(parent, '🔁 Reopened in pagerduty');
    await parentSays(parent, '🔴 Triggered in pagerduty · reopened 1×');
    expect(topLevel('pod payments/api-7d9f8c6b5-x2k4q is crash looping')).toHaveLength(1);

    const updates = await e.audit(['incident.updated']);
    expect(updates.map((u) => (u.data as { change: string }).change)).toEqual(
      expect.arrayContaining(['acknowledged', 'updated', 'resolved', 'reopened']),
    );
    const row = await e.db.owner
      .selectFrom('incidents')
      .selectAll()
      .where('source', '=', 'pagerduty')
      .executeTakeFirst();
    expect(row?.acknowledged_at).toBeInstanceOf(Date);
  });

  it('an acknowledgement of an incident nobody announced opens nothing', async () => {
    const ack = sourceFixture<{ event: { id: string; data: { id: string } } }>('pagerduty-acknowledged.json');
    ack.event.id = 'EVT-ORPHAN';
    ack.event.data.id = 'QUNKNOWN';
    const res = await sendPagerDuty(e.web.url, PD_SECRET, ack);
    const { id } = JSON.parse(res.body) as { id: string };
    // It first waits 30 s for a trigger that may have been overtaken, then is ignored.
    const row = await settledIn(e, id, 60);
    expect(row).toMatchObject({ status: 'ignored', error: 'no incident is known for pagerduty QUNKNOWN' });
    expect(
      await e.db.owner.selectFrom('incidents').select('id').where('external_id', '=', 'QUNKNOWN').execute(),
    ).toEqual([]);
  });
});
