import { describe, expect, it } from 'vitest';
import { parseGeneric } from '../../../src/webhooks/sources/generic.js';
import { fixture } from './fixture.js';

describe('generic JSON webhook parser', () => {
  it('reads a trigger with its group, labels and id as the delivery id', () => {
    const { raw, json } = fixture('generic-trigger.json');
    const out = parseGeneric(json, raw);
    if (!out.ok) throw new Error(out.message);
    expect(out.facts).toMatchObject({
      source: 'generic',
      deliveryId: 'deploy-checker-4711',
      lifecycle: 'triggered',
      externalId: 'checkout/canary-errors',
      service: 'checkout',
      urgency: 'high',
      labels: { env: 'prod', region: 'eu-west-1', deployment: 'checkout-v2-canary' },
    });
  });

  it('takes the delivery id from the signed body only: its id, else its hash', () => {
    const { raw, json } = fixture('generic-resolve.json');
    const withId = parseGeneric(json, raw);
    expect(withId.ok && withId.facts.deliveryId).toBe('deploy-checker-4712');
    const { id: _id, ...withoutId } = json as Record<string, unknown>;
    const hashed = parseGeneric(withoutId, Buffer.from(JSON.stringify(withoutId)));
    expect(hashed.ok && hashed.facts.deliveryId).toMatch(/^sha256:/);
    expect(hashed.ok && hashed.facts.lifecycle).toBe('resolved');
  });

  it.each([
    ['an unknown event', { event: 'explode', group: 'g', title: 't' }, /event/],
    ['no group', { event: 'trigger', title: 't' }, /group/],
    ['a field it does not know (a typo)', { event: 'trigger', group: 'g', title: 't', sevrity: 'x' }, /sevrity/],
    ['a url that is not one', { event: 'trigger', group: 'g', title: 't', url: 'not a url' }, /url/],
  ])('refuses %s, naming the field', (_name, body, message) => {
    const out = parseGeneric(body, Buffer.from(JSON.stringify(body)));
    expect(!out.ok && out.message).toMatch(message);
  });
});
