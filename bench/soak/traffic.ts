import { randomUUID } from 'node:crypto';
import { samplePagerDutyDelivery, sendPagerDutyDelivery } from '../../src/app/sample-alert.js';

/**
 * Signed PagerDuty deliveries sent the way PagerDuty sends them: a delivery that is not
 * answered 2xx (web process down, timeout) is retried with the same X-Webhook-Id.
 */
export interface Delivery {
  key: string;
  title: string;
  webhookId: string;
  body: Record<string, unknown>;
  attempts: number;
  nextAt: number;
  acked: boolean;
}

export function newDelivery(n: number, runId: string): Delivery {
  const title = `SoakCheck: soak alert #${n} (${runId})`;
  return {
    key: `${runId}-${n}`,
    title,
    webhookId: randomUUID(),
    body: samplePagerDutyDelivery({ title, service: 'soak' }),
    attempts: 0,
    nextAt: 0,
    acked: false,
  };
}

/** One attempt against one of the web replicas; schedules a retry (1 s, 2 s, 4 s … 30 s) on failure. */
export async function attempt(d: Delivery, webUrl: string | null, secret: string): Promise<void> {
  d.attempts += 1;
  try {
    if (!webUrl) throw new Error('no web process is up');
    const res = await sendWithTimeout(`${webUrl}/webhooks/pagerduty`, secret, d, 10_000);
    if (res.status >= 200 && res.status < 300) {
      d.acked = true;
      return;
    }
  } catch {
    // as PagerDuty: a refused connection or a timeout is retried later
  }
  d.nextAt = Date.now() + Math.min(30_000, 1000 * 2 ** Math.min(d.attempts - 1, 5));
}

async function sendWithTimeout(url: string, secret: string, d: Delivery, ms: number) {
  return Promise.race([
    sendPagerDutyDelivery(url, secret, d.body, d.webhookId),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),
  ]);
}
