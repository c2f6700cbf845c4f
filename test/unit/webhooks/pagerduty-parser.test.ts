import { describe, expect, it } from 'vitest';
import { PagerDutyWebhook, pagerDutyFacts } from '../../../src/webhooks/pagerduty/payload.js';
import { fixture } from './fixture.js';

const facts = (name: string) => {
  const parsed = PagerDutyWebhook.parse(fixture(name).json);
  return pagerDutyFacts(parsed);
};

describe('PagerDuty V3 incident events', () => {
  it.each([
    ['pagerduty-triggered.json', 'triggered', null, null],
    ['pagerduty-acknowledged.json', 'acknowledged', 'On-call Engineer', null],
    ['pagerduty-resolved.json', 'resolved', 'On-call Engineer', null],
    ['pagerduty-reopened.json', 'reopened', 'On-call Engineer', null],
    ['pagerduty-escalated.json', 'updated', null, 'Escalated to Secondary On-call'],
    ['pagerduty-priority-updated.json', 'updated', 'On-call Engineer', 'Priority now P1'],
    [
      'pagerduty-unacknowledged.json',
      'unacknowledged',
      null,
      'Acknowledgement timed out: the incident is triggered again',
    ],
    ['pagerduty-reassigned.json', 'updated', 'On-call Engineer', 'Reassigned to Database On-call'],
    ['pagerduty-delegated.json', 'updated', 'On-call Engineer', 'Delegated to Database escalation'],
  ])('%s → %s, on the same incident', (name, lifecycle, actor, note) => {
    const f = facts(name);
    expect(f).toMatchObject({ lifecycle, actionable: true, externalId: 'Q2KXB7Z1W0Y3AB' });
    // The delivery id is the signed event id, never the unsigned X-Webhook-Id header.
    expect(f.deliveryId).toMatch(/^event_01DFA3B2C4D5E6F7G8H9J0K1[LM]\d$/);
    expect(f.actor).toBe(actor);
    expect(f.note).toBe(note);
    expect(f.url).toBe('https://example.pagerduty.com/incidents/Q2KXB7Z1W0Y3AB');
  });

  it.each([
    ['pagerduty-annotated.json', 'incident.annotated'],
    ['pagerduty-responder-added.json', 'incident.responder.added'],
    ['pagerduty-status-update-published.json', 'incident.status_update_published'],
  ])('stores %s as nothing to act on, keyed to the incident it is about', (name, eventType) => {
    const f = facts(name);
    expect(f).toMatchObject({ eventType, lifecycle: null, actionable: false, externalId: 'Q2KXB7Z1W0Y3AB' });
    expect(f.title).toMatch(/^KubePodCrashLooping/);
    expect(f.url).toBe('https://example.pagerduty.com/incidents/Q2KXB7Z1W0Y3AB');
  });

  it('names an annotation by its event id when no X-Webhook-Id came', () => {
    expect(facts('pagerduty-annotated.json').deliveryId).toBe('event_01DFA3B2C4D5E6F7G8H9J0K1L7');
  });

  it.each([
    ['pagerduty-service-updated.json', 'service.updated'],
    ['pagerduty-ping.json', 'pagey.ping'],
  ])('stores %s (no incident) as nothing to act on, with no incident key', (name, eventType) => {
    const f = facts(name);
    expect(f).toMatchObject({ eventType, lifecycle: null, actionable: false, externalId: null });
  });

  it('reads a low-urgency incident with no priority, nobody assigned and a service as agent', () => {
    const f = facts('pagerduty-triggered-low-urgency.json');
    expect(f).toMatchObject({
      lifecycle: 'triggered',
      actionable: true,
      externalId: 'Q0LOWURG3NCY01',
      urgency: 'low',
      title: 'Ünicode: Zeitüberschreitung beim Export – 導出タイムアウト 🚨',
      service: 'payments-api',
      actor: 'payments-api',
    });
    expect(f.keywords).toEqual(['low']);
  });

  it('accepts an event type it has never heard of, stored and ignored', () => {
    const body = structuredClone(fixture('pagerduty-triggered.json').json) as { event: Record<string, unknown> };
    body.event.event_type = 'incident.something_new';
    const f = pagerDutyFacts(PagerDutyWebhook.parse(body));
    expect([f.lifecycle, f.actionable, f.externalId]).toEqual([null, false, 'Q2KXB7Z1W0Y3AB']);
  });

  it('accepts null or oddly typed optional fields (agent, references, assignees, data)', () => {
    const body = structuredClone(fixture('pagerduty-escalated.json').json) as {
      event: Record<string, unknown> & { data: Record<string, unknown> };
    };
    body.event.agent = 'PUSER01';
    body.event.occurred_at = null;
    body.event.data.assignees = null;
    body.event.data.priority = { id: 'PPRIO1', summary: null };
    body.event.data.service = null;
    body.event.data.html_url = { href: 'https://example.pagerduty.com/incidents/Q2KXB7Z1W0Y3AB' };
    const f = pagerDutyFacts(PagerDutyWebhook.parse(body));
    expect(f).toMatchObject({ lifecycle: 'updated', note: 'Escalated', actor: null, service: null, occurredAt: null });
    expect([f.externalId, f.url]).toEqual(['Q2KXB7Z1W0Y3AB', null]);

    const bare = { event: { id: 'E1', event_type: 'incident.triggered', data: null } };
    const g = pagerDutyFacts(PagerDutyWebhook.parse(bare));
    expect([g.actionable, g.externalId]).toEqual([false, null]);
  });

  it.each([
    ['no event', {}],
    ['an event without a type', { event: { id: 'E1', data: {} } }],
    ['an event without an id', { event: { event_type: 'incident.triggered', data: {} } }],
  ])('refuses %s', (_name, body) => {
    expect(PagerDutyWebhook.safeParse(body).success).toBe(false);
  });
});
