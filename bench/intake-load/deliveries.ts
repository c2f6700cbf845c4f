import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hmacSha256Hex } from '../../src/lib/hashing.js';
import { signPagerDutyBody } from '../../src/webhooks/pagerduty/verify-signature.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/alert-sources');
const fixtureText = new Map<string, string>();
/** A fresh copy of a fixture each call (read from disk once). */
const fixture = (name: string) => {
  let text = fixtureText.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(FIXTURES, name), 'utf8');
    fixtureText.set(name, text);
  }
  return JSON.parse(text);
};

export const SECRETS = {
  pagerduty: 'bench-pd-secret',
  token: 'bench-token',
  grafanaHmac: 'bench-grafana-hmac',
  generic: 'bench-generic-hmac',
};

export interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Maker = (n: number) => Delivery;

const json = { 'content-type': 'application/json' };
const bearer = { ...json, authorization: `Bearer ${SECRETS.token}` };

/** One fresh, correctly signed delivery per source and sequence number, as each tool sends it. */
export const MAKERS: Record<string, Maker> = {
  pagerduty: (n) => {
    const body = fixture('pagerduty-triggered.json');
    body.event.id = `bench-${n}-${randomUUID()}`;
    body.event.data.id = `QBENCH${n}`;
    const raw = JSON.stringify(body);
    return {
      path: '/webhooks/pagerduty',
      headers: {
        ...json,
        'x-webhook-id': randomUUID(),
        'x-pagerduty-signature': signPagerDutyBody(raw, SECRETS.pagerduty),
      },
      body: raw,
    };
  },
  alertmanager: (n) => {
    const body = fixture('alertmanager-firing.json');
    body.groupKey = `{}:{alertname="Bench${n}"}`;
    body.alerts[0].labels.pod = `api-${n}`;
    return { path: '/webhooks/alertmanager', headers: bearer, body: JSON.stringify(body) };
  },
  grafana: (n) => {
    const body = fixture('grafana-firing.json');
    body.groupKey = `{}:{alertname="Bench${n}"}`;
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(Date.now() / 1000));
    return {
      path: '/webhooks/grafana',
      headers: {
        ...json,
        'x-grafana-alerting-timestamp': ts,
        'x-grafana-alerting-signature': hmacSha256Hex(SECRETS.grafanaHmac, `${ts}:${raw}`),
      },
      body: raw,
    };
  },
  opsgenie: (n) => {
    const body = fixture('opsgenie-create.json');
    body.alert.alertId = `bench-${n}`;
    body.alert.updatedAt = Date.now() * 1e6 + n;
    return { path: '/webhooks/opsgenie', headers: bearer, body: JSON.stringify(body) };
  },
  jsm: (n) => {
    const body = fixture('jsm-create.json');
    body.alert.alertId = `bench-${n}`;
    body.alert.updatedAt = Date.now() * 1e6 + n;
    return { path: '/webhooks/jsm', headers: bearer, body: JSON.stringify(body) };
  },
  generic: (n) => {
    const body = fixture('generic-trigger.json');
    body.id = `bench-${n}-${randomUUID()}`;
    body.group = `bench/${n}`;
    const raw = JSON.stringify(body);
    return {
      path: '/webhooks/generic',
      headers: { ...json, 'x-signature-256': `sha256=${hmacSha256Hex(SECRETS.generic, raw)}` },
      body: raw,
    };
  },
};
