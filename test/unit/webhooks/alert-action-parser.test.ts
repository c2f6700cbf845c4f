import { describe, expect, it } from 'vitest';
import { parseAlertAction } from '../../../src/webhooks/sources/alert-action.js';
import { fixture } from './fixture.js';

describe('Opsgenie and Jira Service Management Operations alert action parser', () => {
  it('reads an Opsgenie Create as a triggered alert with its tags and details as labels', () => {
    const { raw, json } = fixture('opsgenie-create.json');
    const out = parseAlertAction(json, raw, 'opsgenie');
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({
      source: 'opsgenie',
      lifecycle: 'triggered',
      externalId: '0526e1a4-4f3c-4b6e-9f41-8d2b6c1e7a90-1765006872345',
      title: 'Disk usage above 90% on db-primary-1',
      service: 'postgres',
      urgency: 'P2',
    });
    expect(out.facts.labels).toEqual({
      service: 'postgres',
      severity: 'high',
      host: 'db-primary-1',
      mountpoint: '/var/lib/postgresql',
    });
    // updatedAt is in nanoseconds in the published samples.
    expect(out.facts.occurredAt).toBe('2025-12-06T07:41:12.391Z');
  });

  it.each([
    ['opsgenie-acknowledge.json', 'acknowledged'],
    ['opsgenie-close.json', 'resolved'],
  ] as const)('reads %s as %s for the same alert, naming who did it', (name, lifecycle) => {
    const { raw, json } = fixture(name);
    const out = parseAlertAction(json, raw, 'opsgenie');
    if (!out.ok) throw new Error(out.message);
    expect(out.facts.lifecycle).toBe(lifecycle);
    expect(out.facts.actor).toBe('oncall@example.com');
    expect(out.facts.externalId).toBe('0526e1a4-4f3c-4b6e-9f41-8d2b6c1e7a90-1765006872345');
  });

  it('stores a note as nothing to act on', () => {
    const { raw, json } = fixture('opsgenie-addnote.json');
    const out = parseAlertAction(json, raw, 'opsgenie');
    expect(out.ok && [out.facts.lifecycle, out.facts.actionable]).toEqual([null, false]);
  });

  it('reads the JSM Operations webhook (same alert action data) under its own source', () => {
    const { raw, json } = fixture('jsm-create.json');
    const out = parseAlertAction(json, raw, 'jsm');
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({
      source: 'jsm',
      lifecycle: 'triggered',
      title: 'Checkout 5xx rate above 5%',
      service: 'checkout',
      urgency: 'P1',
    });
    expect(out.facts.occurredAt).toBe('2025-12-06T07:41:40.012Z');
  });

  it.each([
    [
      'opsgenie-unacknowledge.json',
      'unacknowledged',
      'Acknowledgement removed by oncall@example.com: the alert is open again',
    ],
    ['opsgenie-escalate.json', 'updated', 'Escalated to dba_escalation'],
    ['opsgenie-assignownership.json', 'updated', 'Owner now dba-lead@example.com by oncall@example.com'],
    ['opsgenie-takeownership.json', 'updated', 'dba-lead@example.com took ownership'],
    ['opsgenie-delete.json', 'resolved', 'Alert deleted by dba-lead@example.com'],
  ] as const)('reads %s as %s, with the sentence the thread shows', (name, lifecycle, note) => {
    const { raw, json } = fixture(name);
    const out = parseAlertAction(json, raw, 'opsgenie');
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({ lifecycle, actionable: true, note });
  });

  it.each(['opsgenie-addtags.json', 'opsgenie-custom-action.json', 'jsm-addnote.json'])(
    'stores %s (an action that changes nothing the product tracks) as nothing to act on',
    (name) => {
      const { raw, json } = fixture(name);
      const out = parseAlertAction(json, raw, name.startsWith('jsm') ? 'jsm' : 'opsgenie');
      if (!out.ok) throw new Error(out.message);
      expect([out.facts.lifecycle, out.facts.actionable, out.facts.note]).toEqual([null, false, null]);
    },
  );

  it('matches action names whatever their case ("Unacknowledge", "CLOSE")', () => {
    const body = structuredClone(fixture('jsm-close.json').json) as { action: string };
    for (const [action, lifecycle] of [
      ['Unacknowledge', 'unacknowledged'],
      ['CLOSE', 'resolved'],
      ['acknowledge', 'acknowledged'],
    ]) {
      body.action = action!;
      const out = parseAlertAction(body, Buffer.from(JSON.stringify(body)), 'jsm');
      expect(out.ok && out.facts.lifecycle).toBe(lifecycle);
    }
  });

  it('reads a Create with only the common fields: no priority, details, description or updatedAt', () => {
    const { raw, json } = fixture('opsgenie-create-minimal.json');
    const out = parseAlertAction(json, raw, 'opsgenie');
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({
      lifecycle: 'triggered',
      title: 'Échec de sauvegarde – バックアップ失敗 on backup-01 💾',
      service: null,
      urgency: null,
      labels: {},
      occurredAt: '2025-12-06T08:16:40.000Z',
    });
  });

  it('reads numbers sent as text, null lists and non-text details without refusing the delivery', () => {
    const body = {
      action: 'Create',
      alert: {
        alertId: 'a-1',
        tinyId: 7,
        tags: null,
        details: { retries: 3, critical: true, nested: { a: 1 }, host: 'db-1' },
        priority: null,
        createdAt: '1765009000000',
        updatedAt: 'not a number',
      },
      source: 'API',
      integrationName: null,
    };
    const out = parseAlertAction(body, Buffer.from(JSON.stringify(body)), 'jsm');
    if (!out.ok) throw new Error(out.message);
    expect(out.facts.labels).toEqual({ retries: '3', critical: 'true', host: 'db-1' });
    expect(out.facts.occurredAt).toBe('2025-12-06T08:16:40.000Z');
    expect(out.facts.title).toBe('alert 7');
  });

  it.each([
    ['no action', { alert: { alertId: 'a' } }],
    ['no alert id', { action: 'Create', alert: { message: 'x' } }],
    ['no alert', { action: 'Create' }],
    ['an alert id that is not one', { action: 'Create', alert: { alertId: { id: 'a' } } }],
  ])('refuses %s', (_name, body) => {
    expect(parseAlertAction(body, Buffer.from(JSON.stringify(body)), 'jsm').ok).toBe(false);
  });
});
