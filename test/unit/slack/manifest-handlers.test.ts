import { readFileSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { silentLogger } from '../../../src/lib/logger.js';
import { registerListeners } from '../../../src/slack/app.js';
import { ACTIONS, SLASH_COMMAND, VIEWS } from '../../../src/slack/ids.js';
import type { ListenerContext, SlackServices } from '../../../src/slack/listeners/context.js';
import { COPILOT_EVENTS } from '../../../src/slack/listeners/events/copilot-messages.js';

/** Records what the listeners register, the way Bolt would receive it. */
function recordingApp() {
  const seen = {
    actions: [] as Array<string | RegExp>,
    views: [] as string[],
    commands: [] as string[],
    events: [] as string[],
  };
  const app = {
    action: (id: string | RegExp) => seen.actions.push(id),
    view: (id: string) => seen.views.push(id),
    command: (c: string) => seen.commands.push(c),
    event: (e: string) => seen.events.push(e),
  } as unknown as App;
  return { app, seen };
}

describe('manifest.yml ↔ listeners ↔ ids', () => {
  const manifest = parse(readFileSync(new URL('../../../manifest.yml', import.meta.url), 'utf8'));
  const { app, seen } = recordingApp();
  const ctx: ListenerContext = { app, services: {} as SlackServices, logger: silentLogger() };
  registerListeners(ctx);

  it('handles every slash command in the manifest, and only those', () => {
    const commands = manifest.features.slash_commands.map((c: { command: string }) => c.command);
    expect(commands).toEqual([SLASH_COMMAND]);
    expect(seen.commands).toEqual(commands);
  });

  it('subscribes in the manifest to every event it handles', () => {
    // Bolt's `message` listener serves the message.* subscriptions (channels, private channels).
    const subscribed = new Set<string>(
      manifest.settings.event_subscriptions.bot_events.map((e: string) => (e.startsWith('message.') ? 'message' : e)),
    );
    // The copilot's events are taken before their ack (StoreFirstApp), not by Bolt listeners.
    expect([...subscribed].sort()).toEqual([...new Set([...seen.events, ...COPILOT_EVENTS])].sort());
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('has a handler for every action id and modal callback id', () => {
    const matches = (id: string) => seen.actions.some((a) => (typeof a === 'string' ? a === id : a.test(id)));
    for (const id of Object.values(ACTIONS)) {
      const numbered: string[] = [ACTIONS.pickRunnerUp, ACTIONS.chooseBranch, ACTIONS.copilotRate, ACTIONS.runFeedback];
      const probe = numbered.includes(id) ? `${id}_1` : id;
      expect(matches(probe), id).toBe(true);
    }
    expect([...seen.views].sort()).toEqual(Object.values(VIEWS).sort());
  });

  it('asks for no scope beyond what the product uses', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'app_mentions:read',
      'channels:history',
      'chat:write',
      'commands',
      'groups:history',
      'usergroups:read',
    ]);
  });
});
