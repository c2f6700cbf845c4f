import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/**
 * Message timestamps: "1732345678.000100" strings, strictly increasing across the workspace,
 * so they double as unique message ids exactly as in Slack.
 */
export function createTsClock(now: () => number = Date.now): () => string {
  let lastMicros = 0;
  return () => {
    const micros = Math.max(now() * 1000, lastMicros + 1);
    lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  };
}

export const newEnvelopeId = (): string => randomUUID();
export const newViewId = (): string => `V${randomAlnum(10)}`;
export const newEventId = (): string => `Ev${randomAlnum(10)}`;
/** Slack's trigger ids look like "13345224609.738474920.8088930838d88f008e0". */
export const newTriggerId = (): string =>
  `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
export const newViewHash = (): string => `${Math.floor(Date.now() / 1000)}.${randomAlnum(8)}`;
export const newSecret = (bytes = 12): string => randomBytes(bytes).toString('hex');
export const newClientMsgId = (): string => randomUUID();
