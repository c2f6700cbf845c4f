import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/database.js';
import type { JobProducer } from '../../../src/jobs/producer.js';
import { hmacSha256Hex } from '../../../src/lib/hashing.js';
import { signPagerDutyBody } from '../../../src/webhooks/pagerduty/verify-signature.js';
import type { SourceSecrets } from '../../../src/webhooks/source-auth.js';
import { REPO_ROOT } from '../../support/e2e.js';
import { type IntakeServer, startIntakeServer } from '../../support/intake-server.js';
import type { TestDatabase } from '../../support/test-db.js';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/alert-sources');
const read = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

const SECRETS: SourceSecrets = {
  alertmanager: { bearer: ['am-token'], basic: ['alertmanager:am-pass'] },
  grafana: { bearer: [], basic: [], hmacSecrets: ['gf-hmac'] },
  opsgenie: { bearer: ['og-token'], basic: [] },
  jsm: { bearer: [], basic: ['jsm:jsm-pass'] },
  generic: { hmacSecrets: ['gen-hmac'] },
};

interface RouteCase {
  name: string;
  path: string;
  fixture: string;
  /** Headers that authenticate `body`, as the tool sends them. */
  auth: (body: string) => Record<string, string>;
  /** Headers a stranger might send. */
  wrong: (body: string) => Record<string, string>;
  eventType: string;
}

const CASES: RouteCase[] = [
  {
    name: 'Alertmanager (bearer)',
    path: '/webhooks/alertmanager',
    fixture: 'alertmanager-firing.json',
    auth: () => ({ authorization: 'Bearer am-token' }),
    wrong: () => ({ authorization: 'Bearer nope' }),
    eventType: 'group.firing',
  },
  {
    name: 'Alertmanager (basic auth)',
    path: '/webhooks/alertmanager',
    fixture: 'alertmanager-resolved.json',
    auth: () => ({ authorization: basic('alertmanager:am-pass') }),
    wrong: () => ({ authorization: basic('alertmanager:guess') }),
    eventType: 'group.resolved',
  },
  {
    name: 'Grafana (HMAC with timestamp)',
    path: '/webhooks/grafana',
    fixture: 'grafana-firing.json',
    auth: (body) => {
      const ts = String(Math.floor(Date.now() / 1000));
      return {
        'x-grafana-alerting-timestamp': ts,
        'x-grafana-alerting-signature': hmacSha256Hex('gf-hmac', `${ts}:${body}`),
      };
    },
    wrong: (body) => {
      const old = String(Math.floor(Date.now() / 1000) - 3600);
      return {
        'x-grafana-alerting-timestamp': old,
        'x-grafana-alerting-signature': hmacSha256Hex('gf-hmac', `${old}:${body}`),
      };
    },
    eventType: 'group.firing',
  },
  {
    name: 'Opsgenie (custom Authorization header)',
    path: '/webhooks/opsgenie',
    fixture: 'opsgenie-create.json',
    auth: () => ({ authorization: 'Bearer og-token' }),
    wrong: () => ({ authorization: basic('og-token:') }),
    eventType: 'Create',
  },
  {
    name: 'Jira Service Management Ops (basic auth)',
    path: '/webhooks/jsm',
    fixture: 'jsm-create.json',
    auth: () => ({ authorization: basic('jsm:jsm-pass') }),
    wrong: () => ({ authorization: 'Bearer jsm-pass' }),
    eventType: 'Create',
  },
  {
    name: 'generic JSON (HMAC)',
    path: '/webhooks/generic',
    fixture: 'generic-trigger.json',
    auth: (body) => ({ 'x-signature-256': `sha256=${hmacSha256Hex('gen-hmac', body)}` }),
    wrong: (body) => ({ 'x-signature-256': `sha256=${hmacSha256Hex('other', body)}` }),
    eventType: 'trigger',
  },
];

/** How each source authenticates a fixture of its own, as the tool sends it. */
const AUTH_BY_SOURCE: Record<string, (body: string) => Record<string, string>> = {
  pagerduty: (body) => ({
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'PagerDuty-Webhook/V3.0',
    'x-webhook-id': `wh-${hmacSha256Hex('id', body).slice(0, 12)}`,
    'x-pagerduty-signature': signPagerDutyBody(body, 'pd-secret'),
  }),
  alertmanager: () => ({ authorization: 'Bearer am-token', 'user-agent': 'Alertmanager/0.28.1' }),
  grafana: (body) => ({ 'x-grafana-alerting-signature': hmacSha256Hex('gf-hmac', body), 'user-agent': 'Grafana' }),
  opsgenie: () => ({ authorization: 'Bearer og-token' }),
  jsm: () => ({ authorization: basic('jsm:jsm-pass') }),
  generic: (body) => ({ 'x-signature-256': `sha256=${hmacSha256Hex('gen-hmac', body)}` }),
};
const ALL_FIXTURES = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));

describe('alert source routes', () => {
  let intake: IntakeServer;
  let t: TestDatabase;
  let base: string;
  let jobs: JobProducer;
  let secrets: SourceSecrets = SECRETS;

  beforeAll(async () => {
    intake = await startIntakeServer({
      maxBodyBytes: 64 * 1024,
      pagerdutySecrets: () => ['pd-secret'],
      sourceSecrets: () => secrets,
      tenantId: () => 'T0TEST',
    });
    ({ t, base, jobs } = intake);
  });
  afterAll(async () => intake?.close());
  beforeEach(async () => {
    secrets = SECRETS;
    const owner = createDb({ url: t.ownerUrl, poolMax: 1 });
    await owner.deleteFrom('alert_inbox').execute();
    await owner.destroy();
  });

  const stored = () => t.owner.selectFrom('alert_inbox').selectAll().execute();
  const post = (p: string, body: string, headers: Record<string, string>) =>
    fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  describe.each(CASES)('$name', (c) => {
    it('stores the delivery exactly as received before 202, enqueues it, and 200s a redelivery', async () => {
      const body = read(c.fixture);
      const res = await post(c.path, body, c.auth(body));
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const rows = await stored();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id, event_type: c.eventType, status: 'received', tenant_id: 'T0TEST' });
      expect(Buffer.from(rows[0]!.raw_bytes!).toString('utf8')).toBe(body);
      expect(rows[0]!.headers).not.toHaveProperty('authorization');
      expect((await jobs.queue('alerts').getJob(`alert__${id}`))?.data).toEqual({ tenantId: 'T0TEST', alertId: id });

      const again = await post(c.path, body, c.auth(body));
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ status: 'duplicate' });
      expect(await stored()).toHaveLength(1);
    });

    it('refuses missing or wrong credentials with 401 and stores nothing', async () => {
      const body = read(c.fixture);
      for (const headers of [{}, c.wrong(body)]) {
        const res = await post(c.path, body, headers);
        expect(res.status).toBe(401);
        expect(await res.json()).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
      }
      expect(await stored()).toHaveLength(0);
    });

    it('refuses malformed JSON, a payload of another shape, and a body over the cap, storing nothing', async () => {
      for (const [body, status, error] of [
        ['{"alerts": [', 400, 'malformed_json'],
        [JSON.stringify({ hello: 'world' }), 400, 'invalid_payload'],
        [JSON.stringify({ pad: 'x'.repeat(70 * 1024) }), 413, 'payload_too_large'],
      ] as const) {
        const res = await post(c.path, body, c.auth(body));
        expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([status, error]);
      }
      expect(await stored()).toHaveLength(0);
    });

    it('refuses everything with 503 while the route has no credentials configured', async () => {
      secrets = {
        alertmanager: { bearer: [], basic: [] },
        grafana: { bearer: [], basic: [], hmacSecrets: [] },
        opsgenie: { bearer: [], basic: [] },
        jsm: { bearer: [], basic: [] },
        generic: { hmacSecrets: [] },
      };
      const body = read(c.fixture);
      const res = await post(c.path, body, c.auth(body));
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: 'webhook_not_configured' });
      expect(await stored()).toHaveLength(0);
    });
  });

  it.each(ALL_FIXTURES)('accepts and stores %s (every published variant gets a 2xx)', async (name) => {
    const source = name.split('-')[0]!;
    const body = read(name);
    const res = await post(`/webhooks/${source}`, body, AUTH_BY_SOURCE[source]!(body));
    expect(res.status).toBe(202);
    const { id, actionable } = (await res.json()) as { id: string; actionable: boolean };
    const [row] = await stored();
    expect(row).toMatchObject({ id, source, status: actionable ? 'received' : 'ignored' });
    expect(Buffer.from(row!.raw_bytes!).toString('utf8')).toBe(body);
    expect(Boolean(await jobs.queue('alerts').getJob(`alert__${id}`))).toBe(actionable);
  });

  it('stores a large Alertmanager group whole, every alert with its fingerprint', async () => {
    const group = JSON.parse(read('alertmanager-firing.json')) as { alerts: Array<Record<string, unknown>> };
    const [template] = group.alerts;
    group.alerts = Array.from({ length: 50 }, (_, i) => ({
      ...template,
      labels: { ...(template!.labels as object), pod: `api-${i}` },
      fingerprint: i.toString(16).padStart(16, '0'),
    }));
    const body = JSON.stringify(group);
    const res = await post('/webhooks/alertmanager', body, { authorization: 'Bearer am-token' });
    expect(res.status).toBe(202);
    const [row] = await stored();
    const { facts } = row!.payload as { facts: { alerts: Array<{ fingerprint: string }> } };
    expect(new Set(facts.alerts.map((a) => a.fingerprint)).size).toBe(50);
  });

  it('stores an Opsgenie note as ignored, without enqueueing it', async () => {
    const body = read('opsgenie-addnote.json');
    const res = await post('/webhooks/opsgenie', body, { authorization: 'Bearer og-token' });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await stored())[0]).toMatchObject({ status: 'ignored', event_type: 'AddNote' });
    expect(await jobs.queue('alerts').getJob(`alert__${id}`)).toBeUndefined();
  });

  it('accepts Grafana deliveries sent with PUT', async () => {
    const body = read('grafana-resolved.json');
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${base}/webhooks/grafana`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        'x-grafana-alerting-timestamp': ts,
        'x-grafana-alerting-signature': hmacSha256Hex('gf-hmac', `${ts}:${body}`),
      },
      body,
    });
    expect(res.status).toBe(202);
    expect((await stored())[0]).toMatchObject({ source: 'grafana', event_type: 'group.resolved' });
  });
});
