import { describe, expect, it } from 'vitest';
import type { AlertFacts } from '../../../src/alerts/types.js';
import { PagerDutyWebhook, pagerDutyFacts } from '../../../src/webhooks/pagerduty/payload.js';
import { parseAlertAction } from '../../../src/webhooks/sources/alert-action.js';
import { parseAlertmanager } from '../../../src/webhooks/sources/alertmanager.js';
import { parseGeneric } from '../../../src/webhooks/sources/generic.js';
import { parseGrafana } from '../../../src/webhooks/sources/grafana.js';
import type { ParseOutcome } from '../../../src/webhooks/sources/parse-outcome.js';
import { fixture } from './fixture.js';

/**
 * The property every source must hold: all deliveries about one incident (opened,
 * acknowledged, noted, closed…) carry the same externalId, or the later ones never reach
 * the incident's thread.
 */
const ok = (out: ParseOutcome): AlertFacts => {
  if (!out.ok) throw new Error(out.message);
  return out.facts;
};

const readers: Record<string, (name: string) => AlertFacts> = {
  pagerduty: (name) => pagerDutyFacts(PagerDutyWebhook.parse(fixture(name).json)),
  opsgenie: (name) => ok(parseAlertAction(fixture(name).json, fixture(name).raw, 'opsgenie')),
  jsm: (name) => ok(parseAlertAction(fixture(name).json, fixture(name).raw, 'jsm')),
  alertmanager: (name) => ok(parseAlertmanager(fixture(name).json, fixture(name).raw)),
  grafana: (name) => ok(parseGrafana(fixture(name).json, fixture(name).raw)),
  generic: (name) => ok(parseGeneric(fixture(name).json, fixture(name).raw)),
};

const SEQUENCES: Array<[string, Array<[string, string | null]>]> = [
  [
    'pagerduty',
    [
      ['pagerduty-triggered.json', 'triggered'],
      ['pagerduty-acknowledged.json', 'acknowledged'],
      ['pagerduty-unacknowledged.json', 'unacknowledged'],
      ['pagerduty-reassigned.json', 'updated'],
      ['pagerduty-delegated.json', 'updated'],
      ['pagerduty-escalated.json', 'updated'],
      ['pagerduty-priority-updated.json', 'updated'],
      ['pagerduty-annotated.json', null],
      ['pagerduty-responder-added.json', null],
      ['pagerduty-status-update-published.json', null],
      ['pagerduty-resolved.json', 'resolved'],
      ['pagerduty-reopened.json', 'reopened'],
    ],
  ],
  [
    'opsgenie',
    [
      ['opsgenie-create.json', 'triggered'],
      ['opsgenie-acknowledge.json', 'acknowledged'],
      ['opsgenie-unacknowledge.json', 'unacknowledged'],
      ['opsgenie-escalate.json', 'updated'],
      ['opsgenie-assignownership.json', 'updated'],
      ['opsgenie-takeownership.json', 'updated'],
      ['opsgenie-addnote.json', null],
      ['opsgenie-addtags.json', null],
      ['opsgenie-custom-action.json', null],
      ['opsgenie-close.json', 'resolved'],
      ['opsgenie-delete.json', 'resolved'],
    ],
  ],
  [
    'jsm',
    [
      ['jsm-create.json', 'triggered'],
      ['jsm-acknowledge.json', 'acknowledged'],
      ['jsm-unacknowledge.json', 'unacknowledged'],
      ['jsm-takeownership.json', 'updated'],
      ['jsm-addnote.json', null],
      ['jsm-close.json', 'resolved'],
    ],
  ],
  [
    'alertmanager',
    [
      ['alertmanager-firing.json', 'triggered'],
      ['alertmanager-firing-two.json', 'triggered'],
      ['alertmanager-resolved.json', 'resolved'],
    ],
  ],
  [
    'grafana',
    [
      ['grafana-firing.json', 'triggered'],
      ['grafana-resolved.json', 'resolved'],
    ],
  ],
  [
    'grafana (legacy alerting)',
    [
      ['grafana-legacy-alerting.json', 'triggered'],
      ['grafana-legacy-ok.json', 'resolved'],
    ],
  ],
  [
    'generic',
    [
      ['generic-trigger.json', 'triggered'],
      ['generic-resolve.json', 'resolved'],
    ],
  ],
];

describe('one incident, one externalId, across every event type of its source', () => {
  it.each(SEQUENCES)('%s', (source, steps) => {
    const read = readers[source.split(' ')[0]!]!;
    const facts = steps.map(([name]) => read(name));
    expect(facts.map((f) => f.lifecycle ?? null)).toEqual(steps.map(([, lifecycle]) => lifecycle));
    const ids = new Set(facts.map((f) => f.externalId));
    expect([...ids]).toHaveLength(1);
    expect(facts[0]!.externalId).toBeTruthy();
    // Every delivery of the sequence is its own delivery (none would be dropped as a duplicate).
    expect(new Set(facts.map((f) => f.deliveryId)).size).toBe(facts.length);
    // What the product acts on is exactly what has a lifecycle.
    expect(facts.map((f) => f.actionable)).toEqual(steps.map(([, lifecycle]) => lifecycle !== null));
  });
});
