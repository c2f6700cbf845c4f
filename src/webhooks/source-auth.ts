import type { IncomingHttpHeaders } from 'node:http';
import { type AuthCheck, checkAuthorization, type HttpCredentials, hasCredentials } from './auth/credentials.js';
import { verifyHmacSignature } from './auth/hmac.js';

/** What each source's deliveries must carry; an empty set means the route refuses everything. */
export interface SourceSecrets {
  alertmanager: HttpCredentials;
  grafana: HttpCredentials & { hmacSecrets: readonly string[] };
  opsgenie: HttpCredentials;
  jsm: HttpCredentials;
  generic: { hmacSecrets: readonly string[] };
}

export const NO_SOURCE_SECRETS: SourceSecrets = {
  alertmanager: { bearer: [], basic: [] },
  grafana: { bearer: [], basic: [], hmacSecrets: [] },
  opsgenie: { bearer: [], basic: [] },
  jsm: { bearer: [], basic: [] },
  generic: { hmacSecrets: [] },
};

/** Grafana signs with this header unless configured otherwise (hmacConfig.header). */
export const GRAFANA_SIGNATURE_HEADER = 'x-grafana-alerting-signature';
export const GRAFANA_TIMESTAMP_HEADER = 'x-grafana-alerting-timestamp';
export const GENERIC_SIGNATURE_HEADER = 'x-signature-256';
const MAX_SIGNATURE_AGE_SECONDS = 300;

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const v = headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** null: the route has no secret configured (refused with 503, never accepted unsigned). */
export function authenticateBearerOrBasic(creds: HttpCredentials, headers: IncomingHttpHeaders): AuthCheck | null {
  if (!hasCredentials(creds)) return null;
  return checkAuthorization(headers.authorization, creds);
}

/** Grafana: every mechanism configured must pass (Authorization and/or the HMAC signature). */
export function authenticateGrafana(
  secrets: SourceSecrets['grafana'],
  headers: IncomingHttpHeaders,
  raw: Buffer,
  nowSeconds: number,
): AuthCheck | null {
  const useHeader = hasCredentials(secrets);
  const useHmac = secrets.hmacSecrets.length > 0;
  if (!useHeader && !useHmac) return null;
  if (useHeader) {
    const check = checkAuthorization(headers.authorization, secrets);
    if (!check.ok) return check;
  }
  if (!useHmac) return { ok: true };
  const timestamp = header(headers, GRAFANA_TIMESTAMP_HEADER);
  return verifyHmacSignature({
    header: header(headers, GRAFANA_SIGNATURE_HEADER),
    headerName: 'X-Grafana-Alerting-Signature',
    rawBody: raw,
    secrets: secrets.hmacSecrets,
    ...(timestamp !== undefined
      ? { timestamp: { value: timestamp, nowSeconds, maxAgeSeconds: MAX_SIGNATURE_AGE_SECONDS } }
      : {}),
  });
}

export function authenticateGeneric(
  secrets: SourceSecrets['generic'],
  headers: IncomingHttpHeaders,
  raw: Buffer,
): AuthCheck | null {
  if (secrets.hmacSecrets.length === 0) return null;
  return verifyHmacSignature({
    header: header(headers, GENERIC_SIGNATURE_HEADER),
    headerName: 'X-Signature-256',
    rawBody: raw,
    secrets: secrets.hmacSecrets,
  });
}
