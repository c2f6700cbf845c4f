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
    ['no action', { alert: { alertId: 'a' } }],
    ['no alert id', { action: 'Create', alert: { message: 'x' } }],
    ['tags that are not strings', { action: 'Create', alert: { alertId: 'a', tags: [1] } }],
  ])('refuses %s', (_name, body) => {
    expect(parseAlertAction(body, Buffer.from(JSON.stringify(body)), 'jsm').ok).toBe(false);
  });
});
