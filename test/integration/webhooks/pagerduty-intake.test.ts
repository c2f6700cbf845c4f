import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIntakeSealer } from '../../../src/alerts/intake-audit.js';
import { samplePagerDutyDelivery, sendPagerDutyDelivery } from '../../../src/app/sample-alert.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { createDb } from '../../../src/db/database.js';
import type { JobProducer } from '../../../src/jobs/producer.js';
import { hmacSha256Hex } from '../../../src/lib/hashing.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { signPagerDutyBody } from '../../../src/webhooks/pagerduty/verify-signature.js';
import { createHttpServer } from '../../../src/webhooks/server.js';
import { type IntakeServer, startIntakeServer } from '../../support/intake-server.js';
import type { TestDatabase } from '../../support/test-db.js';

const SECRET = 'whsec-current';
const OLD_SECRET = 'whsec-previous';

describe('POST /webhooks/pagerduty', () => {
  let intake: IntakeServer;
  let t: TestDatabase;
  let url: string;
  let jobs: JobProducer;

  beforeAll(async () => {
    intake = await startIntakeServer({
      maxBodyBytes: 256 * 1024,
      pagerdutySecrets: () => [SECRET, OLD_SECRET],
      tenantId: () => 'T0TEST',
    });
    ({ t, jobs } = intake);
    url = `${intake.base}/webhooks/pagerduty`;
  });
  afterAll(async () => intake?.close());
  beforeEach(async () => {
    // The application role may not delete (by design); the owner cleans up between tests.
    const owner = createDb({ url: t.ownerUrl, poolMax: 1 });
    await owner.deleteFrom('alert_inbox').execute();
    await owner.destroy();
  });

  const stored = async () => t.owner.selectFrom('alert_inbox').selectAll().execute();
  const post = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('stores a signed incident.triggered before answering 202, and enqueues it by id', async () => {
    const res = await sendPagerDutyDelivery(
      url,
      SECRET,
      samplePagerDutyDelivery({ title: 'HighRequestLatency api', eventId: '01EVENTONE' }),
      'wh-1',
    );
    expect(res.status).toBe(202);
    const body = JSON.parse(res.body) as { status: string; id: string };
    expect(body.status).toBe('accepted');
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: body.id,
      delivery_id: 'event_01EVENTONE',
      event_type: 'incident.triggered',
      status: 'received',
      tenant_id: 'T0TEST',
    });
    expect(JSON.parse(rows[0]!.raw_body).event.data.title).toBe('HighRequestLatency api');
    const job = await jobs.queue('alerts').getJob(`alert__${body.id}`);
    expect(job?.data).toEqual({ tenantId: 'T0TEST', alertId: body.id });
    // Its audit event is sealed in a batch right after (the alerts.seal job, enqueued with it).
    const seals = await jobs.queue('alerts').getJobs(['delayed', 'waiting']);
    expect(seals.filter((j) => j.name === 'alerts.seal').map((j) => j.data)).toContainEqual({ tenantId: 'T0TEST' });
    expect(rows[0]!.audited).toBe(false);
    expect(await createIntakeSealer({ db: t.db, audit: createAuditLog(t.db) }).seal('T0TEST')).toBe(1);
    const audit = await createAuditLog(t.db).list({ tenantId: 'T0TEST', subjectId: body.id });
    expect(audit.map((e) => e.type)).toEqual(['alert.received']);
    expect(audit[0]!.data).toMatchObject({
      deliveryId: 'event_01EVENTONE',
      receivedAt: rows[0]!.received_at.toISOString(),
    });
  });

  it('acknowledges a redelivery (same X-Webhook-Id) and ignores it', async () => {
    const delivery = samplePagerDutyDelivery();
    expect((await sendPagerDutyDelivery(url, SECRET, delivery, 'wh-dup')).status).toBe(202);
    const again = await sendPagerDutyDelivery(url, SECRET, delivery, 'wh-dup');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ status: 'duplicate' });
    expect(await stored()).toHaveLength(1);
  });

  it('stores two copies of one delivery arriving at the same instant once: one 202, one 200', async () => {
    const delivery = samplePagerDutyDelivery();
    const answers = await Promise.all([
      sendPagerDutyDelivery(url, SECRET, delivery, 'wh-twin'),
      sendPagerDutyDelivery(url, SECRET, delivery, 'wh-twin'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 202]);
    const accepted = JSON.parse(answers.find((a) => a.status === 202)!.body) as { id: string };
    expect((await stored()).map((r) => r.id)).toEqual([accepted.id]);
  });

  it('accepts any matching v1 signature during secret rotation', async () => {
    const raw = JSON.stringify(samplePagerDutyDelivery());
    const header = `v1=${hmacSha256Hex('not-ours', raw)},${signPagerDutyBody(raw, OLD_SECRET)}`;
    const res = await post(raw, { 'x-pagerduty-signature': header, 'x-webhook-id': 'wh-rot' });
    expect(res.status).toBe(202);
  });

  it('enqueues incident.acknowledged (it changes the incident) and stores an annotation as ignored', async () => {
    const delivery = samplePagerDutyDelivery();
    (delivery.event as { event_type: string }).event_type = 'incident.acknowledged';
    const res = await sendPagerDutyDelivery(url, SECRET, delivery, 'wh-ack');
    expect(res.status).toBe(202);
    const body = JSON.parse(res.body) as { id: string };
    expect((await stored())[0]).toMatchObject({ status: 'received', event_type: 'incident.acknowledged' });
    expect(await jobs.queue('alerts').getJob(`alert__${body.id}`)).toBeDefined();

    (delivery.event as { event_type: string; id: string }).event_type = 'incident.annotated';
    // Each PagerDuty event has its own (signed) id: the delivery id.
    (delivery.event as { id: string }).id = '01ANNOTATEDEVENT';
    const note = await sendPagerDutyDelivery(url, SECRET, delivery, 'wh-note');
    const noteId = (JSON.parse(note.body) as { id: string }).id;
    expect((await stored()).find((r) => r.id === noteId)).toMatchObject({ status: 'ignored' });
    expect(await jobs.queue('alerts').getJob(`alert__${noteId}`)).toBeUndefined();
  });

  it.each([
    ['no signature', () => ({ body: JSON.stringify(samplePagerDutyDelivery()), headers: {} }), 401, 'bad_signature'],
    [
      'a bad signature',
      () => ({
        body: JSON.stringify(samplePagerDutyDelivery()),
        headers: { 'x-pagerduty-signature': `v1=${'0'.repeat(64)}` },
      }),
      401,
      'bad_signature',
    ],
    [
      'a signature of another body',
      () => ({
        body: JSON.stringify(samplePagerDutyDelivery({ title: 'tampered' })),
        headers: { 'x-pagerduty-signature': signPagerDutyBody(JSON.stringify(samplePagerDutyDelivery()), SECRET) },
      }),
      401,
      'bad_signature',
    ],
    ['malformed JSON', () => signed('{"event": '), 400, 'malformed_json'],
    ['a payload without event', () => signed(JSON.stringify({ hello: 'world' })), 400, 'invalid_payload'],
    [
      'a body over 256 KB',
      () => signed(JSON.stringify({ event: { pad: 'x'.repeat(300 * 1024) } })),
      413,
      'payload_too_large',
    ],
  ])('refuses %s with a JSON reason and stores nothing', async (_name, make, status, error) => {
    const { body, headers } = make();
    const res = await post(body, { 'x-webhook-id': randomUUID(), ...headers });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: string; message: string };
    expect(json.error).toBe(error);
    expect(json.message.length).toBeGreaterThan(5);
    expect(await stored()).toHaveLength(0);
  });

  it('refuses a non-JSON content type', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(res.status).toBe(415);
    expect(await stored()).toHaveLength(0);
  });
});

function signed(body: string): { body: string; headers: Record<string, string> } {
  return { body, headers: { 'x-pagerduty-signature': signPagerDutyBody(body, SECRET) } };
}

describe('GET /readyz', () => {
  it('answers 503 naming the dependency that is down, and 200 when all are up', async () => {
    let slackUp = false;
    const server = createHttpServer({
      logger: silentLogger(),
      maxBodyBytes: 1024,
      intake: {} as never,
      pagerdutySecrets: () => [],
      tenantId: () => 'T0',
      readiness: {
        postgres: async () => undefined,
        slack: async () => {
          if (!slackUp) throw new Error('the Socket Mode connection is not open');
        },
      },
    });
    const base = await server.listen('127.0.0.1', 0);
    try {
      const down = await fetch(`${base}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({
        status: 'not_ready',
        checks: { postgres: { ok: true }, slack: { ok: false, error: 'the Socket Mode connection is not open' } },
      });
      slackUp = true;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const unknown = await fetch(`${base}/nope`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: 'not_found' });
    } finally {
      await server.close();
    }
  });
});
