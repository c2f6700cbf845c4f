import {
  authenticateBearerOrBasic,
  authenticateGeneric,
  authenticateGrafana,
  GENERIC_SIGNATURE_HEADER,
  GRAFANA_SIGNATURE_HEADER,
  GRAFANA_TIMESTAMP_HEADER,
  type SourceSecrets,
} from '../source-auth.js';
import type { SourceRouteSpec } from '../source-route.js';
import { parseAlertAction } from './alert-action.js';
import { parseAlertmanager } from './alertmanager.js';
import { parseGeneric } from './generic.js';
import { parseGrafana } from './grafana.js';

/** Every alert source besides PagerDuty (which has its own route): where, how it signs, how it reads. */
export function sourceRoutes(secrets: () => SourceSecrets, nowSeconds: () => number): SourceRouteSpec[] {
  return [
    {
      source: 'alertmanager',
      path: '/webhooks/alertmanager',
      methods: ['POST'],
      configHint: 'ALERTMANAGER_WEBHOOK_TOKENS or ALERTMANAGER_WEBHOOK_BASIC_AUTH',
      authenticate: (headers) => authenticateBearerOrBasic(secrets().alertmanager, headers),
      parse: (json, raw) => parseAlertmanager(json, raw),
      keptHeaders: [],
    },
    {
      source: 'grafana',
      path: '/webhooks/grafana',
      // Grafana's contact point may be set to PUT.
      methods: ['POST', 'PUT'],
      configHint: 'GRAFANA_WEBHOOK_TOKENS, GRAFANA_WEBHOOK_BASIC_AUTH or GRAFANA_WEBHOOK_HMAC_SECRETS',
      authenticate: (headers, raw) => authenticateGrafana(secrets().grafana, headers, raw, nowSeconds()),
      parse: (json, raw) => parseGrafana(json, raw),
      keptHeaders: [GRAFANA_SIGNATURE_HEADER, GRAFANA_TIMESTAMP_HEADER],
    },
    {
      source: 'opsgenie',
      path: '/webhooks/opsgenie',
      methods: ['POST'],
      configHint: 'OPSGENIE_WEBHOOK_TOKENS or OPSGENIE_WEBHOOK_BASIC_AUTH',
      authenticate: (headers) => authenticateBearerOrBasic(secrets().opsgenie, headers),
      parse: (json, raw) => parseAlertAction(json, raw, 'opsgenie'),
      keptHeaders: [],
    },
    {
      source: 'jsm',
      path: '/webhooks/jsm',
      methods: ['POST'],
      configHint: 'JSM_WEBHOOK_TOKENS or JSM_WEBHOOK_BASIC_AUTH',
      authenticate: (headers) => authenticateBearerOrBasic(secrets().jsm, headers),
      parse: (json, raw) => parseAlertAction(json, raw, 'jsm'),
      keptHeaders: [],
    },
    {
      source: 'generic',
      path: '/webhooks/generic',
      methods: ['POST'],
      configHint: 'GENERIC_WEBHOOK_SECRETS',
      authenticate: (headers, raw) => authenticateGeneric(secrets().generic, headers, raw),
      // X-Delivery-Id is kept for whoever reads the delivery, never trusted as its id (it is not signed).
      parse: (json, raw) => parseGeneric(json, raw),
      keptHeaders: [GENERIC_SIGNATURE_HEADER, 'x-delivery-id'],
    },
  ];
}
