import { describe, expect, it } from 'vitest';
import { deliveryOutcome } from '../../../src/app/sample-alert.js';

describe('what the sandbox page says after “Fire sample PagerDuty alert”', () => {
  it('a sentence with the status, never the webhook’s JSON body', () => {
    const sent = deliveryOutcome({ status: 202, body: '{"status":"accepted","id":"9abb","actionable":true}' });
    expect(sent).toEqual({ ok: true, detail: 'Alert sent (HTTP 202). Watch #incidents for the matched runbook.' });
    const stored = deliveryOutcome({ status: 202, body: '{"status":"accepted","actionable":false}' });
    expect(stored.detail).toBe(
      'Alert stored (HTTP 202), but it asks for no runbook (not an incident.triggered event).',
    );
  });

  it('a refusal says why, in words', () => {
    const refused = deliveryOutcome({
      status: 401,
      body: '{"error":"bad_signature","message":"The signature does not match"}',
    });
    expect(refused).toEqual({
      ok: false,
      detail: 'The webhook refused the alert (HTTP 401): The signature does not match',
    });
    expect(deliveryOutcome({ status: 503, body: 'down' }).detail).toBe(
      'The webhook refused the alert (HTTP 503): down',
    );
  });
});
