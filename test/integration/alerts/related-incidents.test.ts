import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertProcessingBench, readAlertFixture, startAlertProcessing } from '../../support/alert-processing.js';

// Related alerts share one thread: the same alert (fingerprint) reaching us in a second group,
// and, in a storm, a new alert of a service whose incident already has a message.

const TENANT = 'T0RELATED';
const CHANNEL = 'C0INCIDENTS';

type AmAlert = {
  status: string;
  startsAt: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
};

/** The Alertmanager fixture, regrouped: another group key and the given alerts. */
function alertmanagerGroup(
  groupKey: string,
  alerts: Array<{ fingerprint: string; pod: string; status?: string; startsAt?: string }>,
) {
  const base = readAlertFixture('alertmanager-firing.json') as { alerts: AmAlert[]; groupKey: string; status: string };
  const template = base.alerts[0]!;
  return {
    ...base,
    groupKey,
    status: alerts.every((a) => a.status === 'resolved') ? 'resolved' : 'firing',
    alerts: alerts.map((a) => ({
      ...template,
      status: a.status ?? 'firing',
      startsAt: a.startsAt ?? template.startsAt,
      fingerprint: a.fingerprint,
      labels: { ...template.labels, pod: a.pod },
      annotations: { ...template.annotations, summary: `Pod payments/${a.pod} is crash looping` },
    })),
  };
}

describe('related alerts join one incident thread', () => {
  let bench: AlertProcessingBench;
  beforeAll(async () => {
    bench = await startAlertProcessing({ tenant: TENANT, channel: CHANNEL });
  });
  afterAll(async () => bench?.close());

  const incidentOf = (alertId: string) => bench.incidentOf(alertId);
  const ownMessages = (incidentId: string) =>
    bench.slack.posts.filter((p) => p.postKey?.eventType === 'runbook_matched' && p.postKey.key === incidentId);
  const threadOf = (ts: string) => bench.slack.posts.filter((p) => p.threadTs === ts);

  it('the same alert in a second group is told in the first incident thread, not a new message', async () => {
    const first = await bench.receiveAlertmanager(
      alertmanagerGroup('{}:{route="a"}', [{ fingerprint: 'fp-a1', pod: 'api-a1' }]),
    );
    await bench.processing.process(TENANT, first);
    const owner = await incidentOf(first);
    expect(ownMessages(owner.id)).toHaveLength(1);

    const second = await bench.receiveAlertmanager(
      alertmanagerGroup('{}:{route="b"}', [
        { fingerprint: 'fp-a1', pod: 'api-a1' },
        { fingerprint: 'fp-b2', pod: 'api-b2' },
      ]),
    );
    await bench.processing.process(TENANT, second);
    const joined = await incidentOf(second);
    expect(joined.joined_to).toBe(owner.id);
    expect(ownMessages(joined.id)).toEqual([]);
    const replies = threadOf(owner.message_ts!);
    expect(replies).toHaveLength(1);
    // Only the alert the thread had not heard of is new; the shared one was already told.
    expect(replies[0]!.text).toMatch(/^1 new/);
    expect(JSON.stringify(replies[0]!.blocks)).toContain('api-b2');
    const opened = await bench.t.owner
      .selectFrom('audit_events')
      .select('data')
      .where('event_type', '=', 'incident.opened')
      .where('subject_id', '=', joined.id)
      .executeTakeFirstOrThrow();
    expect(opened.data).toMatchObject({ joinedTo: owner.id });
  });

  it("the joined group's later changes are told in the owner's thread, and the owner stays open", async () => {
    const firstTs = (
      await bench.t.owner
        .selectFrom('incidents')
        .select('message_ts')
        .where('joined_to', 'is', null)
        .executeTakeFirstOrThrow()
    ).message_ts!;
    const before = threadOf(firstTs).length;
    const resolved = await bench.receiveAlertmanager(
      alertmanagerGroup('{}:{route="b"}', [
        { fingerprint: 'fp-a1', pod: 'api-a1', status: 'resolved' },
        { fingerprint: 'fp-b2', pod: 'api-b2', status: 'resolved' },
      ]),
    );
    expect(await bench.processing.process(TENANT, resolved)).toBe('updated');
    const told = threadOf(firstTs).slice(before);
    expect(told.map((m) => m.text)).toEqual([expect.stringMatching(/^🔗 Related alert .*✅ Resolved in alertmanager/)]);
    const rows = await bench.t.owner
      .selectFrom('incidents')
      .select(['joined_to', 'status'])
      .orderBy('created_at')
      .execute();
    expect(rows).toEqual([
      { joined_to: null, status: 'triggered' },
      { joined_to: expect.any(String), status: 'resolved' },
    ]);
  });

  it('an alert whose fingerprint fired only in a resolved incident opens its own thread', async () => {
    const gone = await bench.receiveAlertmanager(
      alertmanagerGroup('{}:{route="c"}', [{ fingerprint: 'fp-c1', pod: 'api-c1' }]),
    );
    await bench.processing.process(TENANT, gone);
    const closing = await bench.receiveAlertmanager(
      alertmanagerGroup('{}:{route="c"}', [{ fingerprint: 'fp-c1', pod: 'api-c1', status: 'resolved' }]),
    );
    await bench.processing.process(TENANT, closing);
    const again = await bench.receiveAlertmanager(
      alertmanagerGroup('{}:{route="d"}', [{ fingerprint: 'fp-c1', pod: 'api-c1' }]),
    );
    await bench.processing.process(TENANT, again);
    const incident = await incidentOf(again);
    expect(incident.joined_to).toBeNull();
    expect(ownMessages(incident.id)).toHaveLength(1);
  });
});

describe('in a storm, a new alert of a service with an incident message joins its thread', () => {
  let bench: AlertProcessingBench;
  beforeAll(async () => {
    bench = await startAlertProcessing({
      tenant: TENANT,
      channel: CHANNEL,
      storm: { budgetPerMinute: 1, summaryEverySeconds: 30 },
    });
  });
  afterAll(async () => bench?.close());

  it('joins by service, tells its resolution there, and summarises an unrelated one', async () => {
    const first = await bench.receivePagerDuty({
      title: 'Checkout latency high',
      service: 'checkout',
      incidentId: 'QCHECKOUT1',
    });
    await bench.processing.process(TENANT, first);
    const owner = await bench.incidentOf(first);

    const related = await bench.receivePagerDuty({
      title: 'Checkout errors rising',
      service: 'checkout',
      incidentId: 'QCHECKOUT2',
    });
    await bench.processing.process(TENANT, related);
    const thread = () => bench.slack.posts.filter((p) => p.threadTs === owner.message_ts);
    expect(thread().map((m) => JSON.stringify(m.blocks))).toEqual([expect.stringContaining('Checkout errors rising')]);

    const resolved = await bench.receivePagerDuty({
      title: '',
      fixture: 'pagerduty-resolved.json',
      incidentId: 'QCHECKOUT2',
    });
    // Slack takes the reply but the worker dies before hearing so: the retry does not tell it twice.
    bench.slack.loseNextAnswer();
    await expect(bench.processing.process(TENANT, resolved)).rejects.toThrow('the worker died after posting');
    await bench.processing.process(TENANT, resolved);
    expect(thread().map((m) => m.text)).toEqual([
      expect.stringMatching(/^1 new/),
      expect.stringMatching(/^🔗 Related alert \*Checkout errors rising\*: ✅ Resolved in pagerduty/),
    ]);

    const unrelated = await bench.receivePagerDuty({
      title: 'Search index stale',
      service: 'search',
      incidentId: 'QSEARCH1',
    });
    await bench.processing.process(TENANT, unrelated);
    const held = await bench.incidentOf(unrelated);
    expect(held).toMatchObject({ announce: 'summarised', joined_to: null, summarised_in: null });
    expect(bench.enqueued.map((j) => j.name)).toEqual(['incidents.summarise']);
  });
});

describe('an alert of the group that stopped firing and fires again', () => {
  let bench: AlertProcessingBench;
  beforeAll(async () => {
    bench = await startAlertProcessing({ tenant: TENANT, channel: CHANNEL });
  });
  afterAll(async () => bench?.close());

  it('is told in the thread as firing again, once', async () => {
    const group = '{}:{route="flap"}';
    const send = async (alerts: Parameters<typeof alertmanagerGroup>[1]) =>
      bench.processing.process(TENANT, await bench.receiveAlertmanager(alertmanagerGroup(group, alerts)));
    await send([
      { fingerprint: 'fp-steady', pod: 'api-steady' },
      { fingerprint: 'fp-flap', pod: 'api-flap' },
    ]);
    const parent = bench.slack.posts.find((p) => p.postKey?.eventType === 'runbook_matched')!;
    const parentTs = bench.slack.tsOf(bench.slack.posts.indexOf(parent));
    const thread = () => bench.slack.posts.filter((p) => p.threadTs === parentTs).map((p) => p.text);

    await send([
      { fingerprint: 'fp-steady', pod: 'api-steady' },
      { fingerprint: 'fp-flap', pod: 'api-flap', status: 'resolved' },
    ]);
    const again = '2026-12-06T09:00:00Z'; // it fires again: a new start
    await send([
      { fingerprint: 'fp-steady', pod: 'api-steady' },
      { fingerprint: 'fp-flap', pod: 'api-flap', startsAt: again },
    ]);
    // The same state again (Alertmanager repeats a group every repeat_interval): nothing new to tell.
    await send([
      { fingerprint: 'fp-steady', pod: 'api-steady', status: 'firing' },
      { fingerprint: 'fp-flap', pod: 'api-flap', status: 'firing', startsAt: again },
    ]);
    expect(thread()).toEqual([
      '0 new, 1 resolved: 1 of 2 alerts in this group firing',
      '0 new, 1 firing again, 0 resolved: 2 of 2 alerts in this group firing',
    ]);
  });
});
