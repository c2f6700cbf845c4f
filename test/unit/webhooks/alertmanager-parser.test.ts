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

  it('reads a truncated firing group with a resolved alert, an alert without annotations and unicode labels', () => {
    const { raw, json } = fixture('alertmanager-firing-truncated.json');
    const out = parseAlertmanager(json, raw);
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({
      lifecycle: 'triggered',
      externalId: '{}:{alertname="NodeFilesystemAlmostFull"}',
      title: 'NodeFilesystemAlmostFull: Filesystem /var/lib/データ on node-ünïcode-01 has 3% space left',
      service: 'node-exporter',
      urgency: 'critical',
    });
    expect(out.facts.alerts).toEqual([
      expect.objectContaining({ fingerprint: 'a1b2c3d4e5f60718', status: 'firing' }),
      {
        fingerprint: '0f1e2d3c4b5a6978',
        status: 'resolved',
        title: 'NodeFilesystemAlmostFull',
        labels: expect.any(Object),
        url: null,
      },
    ]);
  });

  it('reads null or missing optional maps and fields, and keys an alert without fingerprint by its labels', () => {
    const body = base();
    body.commonAnnotations = null;
    body.groupLabels = undefined;
    body.truncatedAlerts = '2';
    const [alert] = body.alerts as Array<Record<string, unknown>>;
    alert!.annotations = null;
    alert!.fingerprint = '';
    alert!.generatorURL = null;
    const out = parseAlertmanager(body, Buffer.from(JSON.stringify(body)));
    if (!out.ok) throw new Error(out.message);
    expect(out.facts.title).toBe('KubePodCrashLooping');
    expect(out.facts.alerts?.[0]?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(out.facts.url).toBe('http://alertmanager.example.com:9093');
  });

  it('reads a group of 5,000 alerts, each kept with its own fingerprint', () => {
    const body = base();
    const [template] = body.alerts as Array<Record<string, unknown>>;
    body.alerts = Array.from({ length: 5000 }, (_, i) => ({
      ...template,
      labels: { ...(template!.labels as object), pod: `api-${i}` },
      fingerprint: i.toString(16).padStart(16, '0'),
    }));
    const out = parseAlertmanager(body, Buffer.from(JSON.stringify(body)));
    if (!out.ok) throw new Error(out.message);
    expect(new Set(out.facts.alerts?.map((a) => a.fingerprint)).size).toBe(5000);
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
