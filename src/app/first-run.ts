import { WebClient } from '@slack/web-api';
import { FIRST_RUN_POST_KEY, type FirstRunFacts, firstRunMessage } from '../../blocks/first-run.js';
import type { ChatPort } from '../lib/chat.js';

/** Who the sandbox page acts as when first opened, and who confirms 🔴 steps in the walkthrough. */
export const NEWCOMER = 'U0ONCALL01';
export const SECOND_PERSON = 'U0RESPOND2';
/** The shipped runbook (runbooks/hello-world.md) that the page's sample alert is matched to. */
export const HELLO_WORLD = {
  title: 'Hello world: your first run',
  alert: 'HelloRunbookCopilot: a first alert from the local sandbox',
  service: 'hello-world',
};

export interface Greeting {
  botToken: string;
  apiUrl: string | undefined;
  chat: ChatPort;
  facts: Omit<FirstRunFacts, 'secondPerson' | 'runbookTitle'>;
}

/**
 * Posts the first-run walkthrough in the newcomer's DM with the app, unless it is already
 * there (a restart keeps the sandbox's conversation). Returns whether it posted.
 */
export async function greetNewcomer(greeting: Greeting): Promise<boolean> {
  const client = new WebClient(greeting.botToken, {
    ...(greeting.apiUrl ? { slackApiUrl: greeting.apiUrl } : {}),
    retryConfig: { retries: 2 },
  });
  const opened = await client.conversations.open({ users: NEWCOMER });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open returned no DM channel for the first-run greeting');
  if (await greeting.chat.findPosted({ channel, ...FIRST_RUN_POST_KEY })) return false;
  const message = firstRunMessage({ ...greeting.facts, secondPerson: SECOND_PERSON, runbookTitle: HELLO_WORLD.title });
  await greeting.chat.post({ channel, ...message, postKey: FIRST_RUN_POST_KEY });
  return true;
}
