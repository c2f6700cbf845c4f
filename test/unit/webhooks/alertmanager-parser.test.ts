import { describe, expect, it } from 'vitest';
import { parseAlertmanager } from '../../../src/webhooks/sources/alertmanager.js';
import { fixture } from './fixture.js';

describe('Alertmanager webhook v4 parser', () => {
  it('reads a firing group: its key, each alert with its fingerprint, labels for runbook variables', () => {
    const { raw, json } = fixture('alertmanager-firing-two.json');
    const out = parseAlertmanager(json, raw);
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({
      source: 'alertmanager',
      lifecycle: 'triggered',
      actionable: true,
      externalId: '{}/{severity="page"}:{alertname="KubePodCrashLooping", namespace="payments"}',
      title: 'KubePodCrashLooping: Pod payments/api-7d9f8c6b5-x2k4q is crash looping',
      service: 'payments-api',
      urgency: 'page',
    });
    expect(out.facts.labels).toMatchObject({ namespace: 'payments', pod: 'api-7d9f8c6b5-x2k4q', container: 'api' });
    expect(out.facts.alerts?.map((a) => [a.fingerprint, a.status])).toEqual([
      ['8d3e1c5f0a2b4c67', 'firing'],
      ['1f0b9a7c6d5e4f32', 'firing'],
    ]);
    expect(out.facts.url).toMatch(/^http:\/\/prometheus\.example\.com/);
  });

  it('reads a resolved group as resolved, and keys the delivery by the body hash', () => {
    const { raw, json } = fixture('alertmanager-resolved.json');
    const out = parseAlertmanager(json, raw);
    if (!out.ok) throw new Error(out.message);
    expect(out.facts.lifecycle).toBe('resolved');
    expect(out.facts.alerts?.every((a) => a.status === 'resolved')).toBe(true);
    expect(out.facts.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = parseAlertmanager(json, Buffer.from(raw));
    expect(again.ok && again.facts.deliveryId).toBe(out.facts.deliveryId);
  });

  it.each([
    ['another payload version', { ...base(), version: '3' }, /version/],
    ['no groupKey', { ...base(), groupKey: undefined }, /groupKey/],
    ['no alerts', { ...base(), alerts: [] }, /alerts/],
    ['an alert status it does not know', { ...base(), status: 'pending' }, /status/],
  ])('refuses %s with the field named', (_name, body, message) => {
    const out = parseAlertmanager(body, Buffer.from(JSON.stringify(body)));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toMatch(message);
  });
});

function base(): Record<string, unknown> {
  return structuredClone(fixture('alertmanager-firing.json').json) as Record<string, unknown>;
}
