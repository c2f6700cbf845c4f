import type { SandboxStore } from '../store.js';

/**
 * Turns what a person typed into Slack's message format: `&`, `<`, `>` escaped, "@handle" into
 * `<@U…>` (the bot's name too) and "#channel" into `<#C…|name>`, as Slack's client does.
 */
export function formatTypedText(store: SandboxStore, typed: string): string {
  const escaped = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(/(^|\s)@([a-z0-9._-]+)/gi, (whole, lead: string, handle: string) => {
      const name = handle.replace(/[.]+$/, '');
      const rest = handle.slice(name.length);
      if (name.toLowerCase() === store.options.botName.toLowerCase())
        return `${lead}<@${store.options.botUserId}>${rest}`;
      const user = [...store.users.values()].find((u) => u.name.toLowerCase() === name.toLowerCase());
      return user ? `${lead}<@${user.id}>${rest}` : whole;
    })
    .replace(/(^|\s)#([a-z0-9_-]+)/gi, (whole, lead: string, name: string) => {
      const channel = store.findChannel(name);
      return channel && !channel.isIm ? `${lead}<#${channel.id}|${channel.name}>` : whole;
    });
}

/** "/runbook status 42" → command "/runbook", text "status 42". */
export function parseSlashCommand(typed: string): { command: string; text: string } | undefined {
  const match = /^(\/[^\s]+)\s*([\s\S]*)$/.exec(typed.trim());
  return match ? { command: match[1] ?? '', text: (match[2] ?? '').trim() } : undefined;
}
