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
  ])('%s → %s, on the same incident', (name, lifecycle, actor, note) => {
    const f = facts(name);
    expect(f).toMatchObject({ lifecycle, actionable: true, externalId: 'Q2KXB7Z1W0Y3AB' });
    // The delivery id is the signed event id, never the unsigned X-Webhook-Id header.
    expect(f.deliveryId).toMatch(/^event_01DFA3B2C4D5E6F7G8H9J0K1L\d$/);
    expect(f.actor).toBe(actor);
    expect(f.note).toBe(note);
  });

  it('stores an annotation (an incident_note) as nothing to act on', () => {
    const f = facts('pagerduty-annotated.json');
    expect([f.lifecycle, f.actionable, f.deliveryId]).toEqual([null, false, 'event_01DFA3B2C4D5E6F7G8H9J0K1L7']);
  });
});
