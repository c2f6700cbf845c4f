import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePagerDutyDelivery } from '../../../src/app/sample-alert.js';
import { MAX_JSON_DEPTH } from '../../../src/webhooks/json-body.js';
import { signPagerDutyBody } from '../../../src/webhooks/pagerduty/verify-signature.js';
import { type IntakeServer, startIntakeServer } from '../../support/intake-server.js';
import type { TestDatabase } from '../../support/test-db.js';

const SECRET = 'whsec-fuzz';

/** A small deterministic generator (mulberry32): the same run every time, many shapes. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\ufffe',
  '\u202e',
  '\u200b',
  '\\',
  '"',
  '<!channel>',
  '\u0007',
  'é',
  '🔥',
  '\r\n',
];

function nastyString(next: () => number): string {
  let s = '';
  const n = 1 + Math.floor(next() * 12);
  for (let i = 0; i < n; i++)
    s += next() < 0.5 ? NASTY[Math.floor(next() * NASTY.length)] : String.fromCharCode(32 + Math.floor(next() * 90));
  return s;
}

/**
 * Validly signed deliveries with content Postgres cannot hold as is (NUL, unpaired
 * surrogates in strings and keys), odd Unicode, and deep nesting: each is stored (its raw
 * bytes as received) or, past the nesting limit, refused with a 4xx and a reason. Never a 5xx.
 */
describe('signed deliveries with hostile content', () => {
  let intake: IntakeServer;
  let t: TestDatabase;
  let url: string;

  beforeAll(async () => {
    intake = await startIntakeServer({
      maxBodyBytes: 256 * 1024,
      pagerdutySecrets: () => [SECRET],
      tenantId: () => 'T0FUZZ',
    });
    t = intake.t;
    url = `${intake.base}/webhooks/pagerduty`;
  });
  afterAll(async () => intake?.close());

  const send = async (body: string, id: string) => {
    const bytes = Buffer.from(body, 'utf8');
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-webhook-id': id,
        'x-pagerduty-signature': signPagerDutyBody(bytes, SECRET),
      },
      body: bytes,
    });
    return { status: res.status, json: (await res.json()) as { error?: string; message?: string } };
  };

  it('stores every signed delivery whatever its strings hold, with its bytes as received', async () => {
    const next = rng(20261206);
    const statuses: number[] = [];
    for (let i = 0; i < 120; i++) {
      const delivery = samplePagerDutyDelivery({ title: nastyString(next), service: nastyString(next) }) as {
        event: { data: Record<string, unknown> };
      };
      delivery.event.data[nastyString(next)] = { [nastyString(next)]: [nastyString(next), next()] };
      // JSON.stringify writes lone surrogates as \udXXX escapes and NUL as \u0000: still valid JSON.
      statuses.push((await send(JSON.stringify(delivery), `fuzz-${i}`)).status);
    }
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    const rows = await t.owner.selectFrom('alert_inbox').select(['raw_bytes', 'raw_body', 'storage_notes']).execute();
    expect(rows).toHaveLength(120);
    for (const row of rows) expect(row.raw_bytes).not.toBeNull();
    expect(rows.some((r) => r.storage_notes.some((n) => n.includes('replaced by U+FFFD')))).toBe(true);
  });

  it('keeps the exact bytes of a delivery whose title holds a NUL, and says what it replaced', async () => {
    const body = JSON.stringify(samplePagerDutyDelivery({ title: 'Disk\u0000full \ud800 here', eventId: 'NUL1' }));
    expect((await send(body, 'nul-1')).status).toBe(202);
    const row = await t.owner
      .selectFrom('alert_inbox')
      .select(['raw_bytes', 'payload', 'storage_notes'])
      .where('delivery_id', '=', 'event_NUL1')
      .executeTakeFirstOrThrow();
    expect(row.raw_bytes?.toString('utf8')).toBe(body);
    expect(JSON.stringify(row.payload)).toContain('Disk\ufffdfull \ufffd here');
    expect(row.storage_notes).toEqual(['2 NUL or unpaired surrogate character(s) replaced by U+FFFD for storage']);
  });

  it('refuses JSON nested past the limit with a 4xx and a reason, and stores nothing', async () => {
    const deep = `{"event":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
    const res = await send(deep, 'deep-1');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'invalid_payload' });
    expect(res.json.message).toContain(`the limit is ${MAX_JSON_DEPTH}`);
    const found = await t.owner.selectFrom('alert_inbox').select('id').where('delivery_id', '=', 'deep-1').execute();
    expect(found).toEqual([]);
  });
});
