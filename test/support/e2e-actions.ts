import type { SandboxMessage } from '../../src/sandbox/index.js';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS } from './e2e.js';

/** What people do in the incident channel, in the words of the tests. */

/** PagerDuty fires; "🔔 Runbook matched" lands; `startedBy` presses ▶ Start. Returns the thread's ts. */
export async function openIncident(
  e: E2E,
  alert: { title: string; service: string },
  startedBy: string,
  options: { webhookId?: string } = {},
): Promise<string> {
  const delivery = await e.fireAlert(alert, options.webhookId);
  if (delivery.status !== 202) throw new Error(`PagerDuty delivery refused: ${delivery.status} ${delivery.body}`);
  const matched = await matchedMessage(e, alert.title);
  await press(e, startedBy, matched, ACTIONS.startRun);
  return matched.ts;
}

/** The "🔔 Runbook matched" message for an alert title. */
export function matchedMessage(e: E2E, alertTitle: string): Promise<SandboxMessage> {
  return e.sandbox.waitFor(
    () => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Runbook matched') && m.text.includes(alertTitle)),
    { timeoutMs: 15_000, description: `"Runbook matched" for ${alertTitle}` },
  );
}

/** A person presses a button on a message in #incidents. */
export async function press(e: E2E, userId: string, message: { ts: string }, actionId: string): Promise<void> {
  await e.sandbox.clickButton({ userId, channelId: INCIDENTS, messageTs: message.ts, actionId });
}

/** The ephemeral message only `userId` sees, once it contains `text`. */
export function ephemeral(e: E2E, userId: string, text: string) {
  return e.sandbox.waitFor(() => e.sandbox.ephemerals(userId).find((m) => m.text.includes(text)), {
    timeoutMs: 10_000,
    description: `an ephemeral for ${userId} saying "${text}"`,
  });
}

/**
 * Re-posts a button exactly as an older copy of a message carried it (a message that was
 * not updated, a screenshot someone acts on): what it can still do is what is tested.
 */
export async function staleCopy(
  e: E2E,
  threadTs: string | undefined,
  actionId: string,
  value: string,
): Promise<{ ts: string }> {
  const ref = await e.runtime.chat.post({
    channel: INCIDENTS,
    ...(threadTs ? { threadTs } : {}),
    text: 'an old copy of a step message',
    blocks: [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Old button' }, value }],
      },
    ],
  });
  return { ts: ref.ts };
}
