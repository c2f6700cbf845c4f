import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { samplePagerDutyDelivery, sendPagerDutyDelivery } from '../../../src/app/sample-alert.js';
import { createDb } from '../../../src/db/database.js';
import { hmacSha256Hex } from '../../../src/lib/hashing.js';
import type { RunbookService } from '../../../src/runbooks/service.js';
import { registerRunbookUploadRoute } from '../../../src/webhooks/runbooks-route.js';
import { NO_SOURCE_SECRETS } from '../../../src/webhooks/source-auth.js';
import { type IntakeServer, startIntakeServer } from '../../support/intake-server.js';
import type { TestDatabase } from '../../support/test-db.js';

const PD_SECRET = 'whsec-replay';
const GENERIC_SECRET = 'gen-replay';

/**
 * An outsider who captured one signed delivery (a proxy log, a leaked request dump) must not
 * be able to send it again under a fresh, unsigned delivery id: a replayed "resolved" would
 * close a live incident, a replayed "triggered" would reopen a resolved one.
 */
describe('webhooks: replayed deliveries and text bodies', () => {
  let intake: IntakeServer;
  let t: TestDatabase;
  let base: string;

  beforeAll(async () => {
    intake = await startIntakeServer({
      maxBodyBytes: 64 * 1024,
      pagerdutySecrets: () => [PD_SECRET],
      sourceSecrets: () => ({
        ...NO_SOURCE_SECRETS,
        alertmanager: { bearer: ['am-token'], basic: [] },
        generic: { hmacSecrets: [GENERIC_SECRET] },
      }),
      tenantId: () => 'T0REPLAY',
      // The product's upload route reads text bodies: that must not reach the alert routes.
      extraRoutes: (app) =>
        registerRunbookUploadRoute(app, {
          runbooks: {} as RunbookService,
          tenantId: () => 'T0REPLAY',
          tokens: () => [],
        }),
    });
    ({ t, base } = intake);
  });
  afterAll(async () => intake?.close());
  beforeEach(async () => {
    const owner = createDb({ url: t.ownerUrl, poolMax: 1 });
    await owner.deleteFrom('alert_inbox').execute();
    await owner.destroy();
  });

  const stored = () => t.owner.selectFrom('alert_inbox').selectAll().execute();

  it('PagerDuty: the same signed event under a fresh X-Webhook-Id is a duplicate, not a new delivery', async () => {
    const resolved = samplePagerDutyDelivery({ incidentId: 'QREPLAYED' });
    (resolved.event as { event_type: string }).event_type = 'incident.resolved';
    const url = `${base}/webhooks/pagerduty`;
    expect((await sendPagerDutyDelivery(url, PD_SECRET, resolved, 'wh-original')).status).toBe(202);

    const replayed = await sendPagerDutyDelivery(url, PD_SECRET, resolved, `wh-${randomUUID()}`);
    expect(replayed.status).toBe(200);
    expect(JSON.parse(replayed.body)).toMatchObject({ status: 'duplicate' });
    expect(await stored()).toHaveLength(1);
  });

  it('generic: the same signed body under a fresh X-Delivery-Id is a duplicate, with or without an id', async () => {
    for (const body of [
      JSON.stringify({ id: 'chk-1', event: 'resolve', group: 'checkout/canary', title: 'Canary errors' }),
      JSON.stringify({ event: 'resolve', group: 'checkout/canary', title: 'Canary errors' }),
    ]) {
      const send = (deliveryId: string) =>
        fetch(`${base}/webhooks/generic`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-signature-256': `sha256=${hmacSha256Hex(GENERIC_SECRET, body)}`,
            'x-delivery-id': deliveryId,
          },
          body,
        });
      expect((await send('first')).status).toBe(202);
      const replayed = await send(randomUUID());
      expect(replayed.status).toBe(200);
      expect(await replayed.json()).toMatchObject({ status: 'duplicate' });
    }
    expect(await stored()).toHaveLength(2);
  });

  it.each([
    ['/webhooks/alertmanager', { authorization: 'Bearer am-token' }],
    ['/webhooks/generic', {}],
    ['/webhooks/pagerduty', {}],
  ])('%s refuses a text/plain body with 415 (not a 500 the sender retries), storing nothing', async (path, auth) => {
    for (const type of ['text/plain', 'text/html', 'text/markdown']) {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, ...auth },
        body: '{"version":"4"}',
      });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' });
    }
    expect(await stored()).toHaveLength(0);
  });
});
