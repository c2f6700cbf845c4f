import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertProcessingBench, readAlertFixture, startAlertProcessing } from '../../support/alert-processing.js';

// The alert.process job below the e2e level: a stored delivery, the real library and
// Postgres, and Slack's edge recorded (with a post that can be made to fail once).

const TENANT = 'T0PROCESS';
const CHANNEL = 'C0INCIDENTS';

describe('processing a stored alert (alert.process)', () => {
  let bench: AlertProcessingBench;
  let t: AlertProcessingBench['t'];
  let slack: AlertProcessingBench['slack'];
  let processing: AlertProcessingBench['processing'];
  const receive = (title: string) => bench.receivePagerDuty({ title, service: 'checkout' });
  const receiveAlertmanager = (fixture: string) => bench.receiveAlertmanager(readAlertFixture(fixture));

  beforeAll(async () => {
    bench = await startAlertProcessing({ tenant: TENANT, channel: CHANNEL });
    ({ t, slack, processing } = bench);
  });
  afterAll(async () => bench?.close());

  const incidentsFor = (alertId: string) =>
    t.owner.selectFrom('incidents').selectAll().where('alert_id', '=', alertId).execute();
  const postsAbout = (incidentId: string) =>
    slack.posts.filter((p) => p.postKey?.key === incidentId && p.channel === CHANNEL);

  it('opens one incident, announces the matched runbook once, and records why it matched', async () => {
    const alertId = await receive('KubePodCrashLooping: pod payments/api-1 is crash looping');
    expect(await processing.process(TENANT, alertId)).toBe('matched');
    // Slack retries and a second worker run the same job again: nothing new happens.
    expect(await processing.process(TENANT, alertId)).toBe('skipped');
    const [incident, ...more] = await incidentsFor(alertId);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({ tenant_id: TENANT, channel_id: CHANNEL, message_ts: expect.any(String) });
    const posts = postsAbout(incident!.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Pod is crash looping');
    const matched = await t.owner
      .selectFrom('audit_events')
      .select(['event_type', 'data'])
      .where('subject_id', '=', alertId)
      .where('event_type', '=', 'alert.matched')
      .execute();
    expect(matched).toHaveLength(1);
    expect(matched[0]!.data).toMatchObject({ incidentId: incident!.id, runbookTitle: 'Pod is crash looping' });
  });

  it('announces exactly once when the first post fails and the job is retried', async () => {
    const alertId = await receive('KubePodCrashLooping: pod payments/api-2 is crash looping');
    slack.failNextPost();
    await expect(processing.process(TENANT, alertId)).rejects.toThrow('slack is down');
    const [before] = await incidentsFor(alertId);
    expect(before?.message_ts).toBeNull();
    expect(await processing.process(TENANT, alertId)).toBe('matched');
    const [after] = await incidentsFor(alertId);
    expect(postsAbout(after!.id)).toHaveLength(1);
    expect(after!.message_ts).toEqual(expect.any(String));
  });

  it('says so when no runbook matches, and stores the alert as unmatched', async () => {
    const alertId = await receive('Quarterly badge printer toner is low');
    expect(await processing.process(TENANT, alertId)).toBe('unmatched');
    const [incident] = await incidentsFor(alertId);
    const [post] = postsAbout(incident!.id);
    expect(post?.text).toMatch(/no runbook/i);
    const [alert] = await t.owner.selectFrom('alert_inbox').select('status').where('id', '=', alertId).execute();
    expect(alert?.status).toBe('unmatched');
  });

  it('tells the thread of a new alert in the group once, even when the worker died after posting it', async () => {
    const first = await receiveAlertmanager('alertmanager-firing.json');
    expect(await processing.process(TENANT, first)).toBe('matched');
    const [incident] = await incidentsFor(first);
    const before = slack.posts.length;
    const second = await receiveAlertmanager('alertmanager-firing-two.json');
    slack.loseNextAnswer();
    await expect(processing.process(TENANT, second)).rejects.toThrow('the worker died after posting');
    await processing.process(TENANT, second); // the job's retry
    const replies = slack.posts.slice(before).filter((p) => p.threadTs === incident!.message_ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.postKey?.eventType).toBe('group_alerts');
  });
});

describe('an acknowledgement taken back', () => {
  let bench: AlertProcessingBench;
  beforeAll(async () => {
    bench = await startAlertProcessing({ tenant: TENANT, channel: CHANNEL });
  });
  afterAll(async () => bench?.close());

  it('moves the incident back to triggered, so the next acknowledgement is told again', async () => {
    const incidentId = 'QUNACK1';
    const opened = await bench.receivePagerDuty({ title: 'Payments API 5xx', service: 'payments', incidentId });
    await bench.processing.process(TENANT, opened);
    const deliver = async (fixture: string) =>
      bench.processing.process(TENANT, await bench.receivePagerDuty({ title: '', fixture, incidentId }));
    await deliver('pagerduty-acknowledged.json');
    await deliver('pagerduty-unacknowledged.json');
    await deliver('pagerduty-acknowledged.json');
    const parentTs = bench.slack.tsOf(0);
    expect(bench.slack.posts.filter((p) => p.threadTs === parentTs).map((p) => p.text)).toEqual([
      expect.stringMatching(/^✋ Acknowledged in pagerduty/),
      '↩️ Acknowledgement timed out: the incident is triggered again (pagerduty)',
      expect.stringMatching(/^✋ Acknowledged in pagerduty/),
    ]);
    const incident = await bench.t.owner
      .selectFrom('incidents')
      .select(['status'])
      .where('external_id', '=', incidentId)
      .executeTakeFirstOrThrow();
    expect(incident.status).toBe('acknowledged');
  });
});

describe('deliveries that come before their trigger', () => {
  let bench: AlertProcessingBench;
  beforeAll(async () => {
    bench = await startAlertProcessing({ tenant: TENANT, channel: CHANNEL });
  });
  afterAll(async () => bench?.close());
  const inbox = (alertId: string) =>
    bench.t.owner
      .selectFrom('alert_inbox')
      .select(['status', 'error'])
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();

  it('an acknowledgement that overtook its trigger waits for it, then is told in its thread', async () => {
    const incidentId = 'QEARLYACK';
    const ack = await bench.receivePagerDuty({ title: '', fixture: 'pagerduty-acknowledged.json', incidentId });
    expect(await bench.processing.process(TENANT, ack)).toBe('deferred');
    expect(await inbox(ack)).toEqual({ status: 'received', error: null });

    const trigger = await bench.receivePagerDuty({ title: 'Checkout 5xx', service: 'checkout', incidentId });
    await bench.processing.process(TENANT, trigger);
    expect(await bench.processing.process(TENANT, ack)).toBe('updated'); // looked at again
    const parentTs = bench.slack.tsOf(0);
    expect(bench.slack.posts.filter((p) => p.threadTs === parentTs).map((p) => p.text)).toEqual([
      expect.stringMatching(/^✋ Acknowledged in pagerduty/),
    ]);
  });

  it('one whose incident never comes is ignored after the wait, with the reason', async () => {
    const ack = await bench.receivePagerDuty({
      title: '',
      fixture: 'pagerduty-acknowledged.json',
      incidentId: 'QNEVER',
    });
    expect(await bench.processing.process(TENANT, ack)).toBe('deferred');
    await bench.t.owner
      .updateTable('alert_inbox')
      .set({ received_at: new Date(Date.now() - 31_000) })
      .where('id', '=', ack)
      .execute();
    expect(await bench.processing.process(TENANT, ack)).toBe('skipped');
    expect(await inbox(ack)).toEqual({ status: 'ignored', error: 'no incident is known for pagerduty QNEVER' });
  });
});
