import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { classifyResultMessage } from '../../../../blocks/classify-result.js';
import { helpMessage } from '../../../../blocks/help.js';
import { esc } from '../../../../blocks/text.js';
import { describeForUser } from '../../error-ui.js';
import { SLASH_COMMAND } from '../../ids.js';
import type { ListenerContext, SlackServices } from '../context.js';

type Reply = { text: string; blocks?: KnownBlock[] };

interface Subcommand {
  usage: string;
  description: string;
  run: (
    args: string,
    who: { tenantId: string; userId: string; triggerId: string },
    services: SlackServices,
  ) => Promise<Reply>;
}

/** The subcommands of `/runbook`; `help` lists exactly these, so it cannot drift. */
export function subcommands(openNewRunbook: (triggerId: string) => Promise<void>): Record<string, Subcommand> {
  return {
    help: {
      usage: '/runbook help',
      description: 'this list',
      run: async () =>
        helpMessage(
          Object.values(subcommands(openNewRunbook)).map(({ usage, description }) => ({ usage, description })),
        ),
    },
    classify: {
      usage: '/runbook classify <command>',
      description: 'the risk level of a shell command, with the reasons (🟢🟡🔴⬜)',
      run: async (args, _who, services) => {
        if (!args.trim())
          return {
            text: 'Usage: `/runbook classify <command>`, for example `/runbook classify kubectl get pods -n payments`',
          };
        const verdict = services.scan(args.trim());
        return classifyResultMessage({
          command: args.trim(),
          level: verdict.level,
          target: verdict.target,
          reasons: verdict.reasons,
        });
      },
    },
    list: {
      usage: '/runbook list',
      description: 'the runbooks in the library (newest versions)',
      run: async (_args, who, services) => {
        const versions = await services.runbooks.listLatest(who.tenantId);
        if (versions.length === 0) return { text: 'The library is empty. Add a runbook with `/runbook new`.' };
        const lines = versions
          .slice(0, 40)
          .map((v) => `• *${esc(v.title)}* (\`${esc(v.slug)}\` v${v.version}, ${v.compiled.steps.length} steps)`);
        return { text: `${versions.length} runbooks:\n${lines.join('\n')}` };
      },
    },
    preview: {
      usage: '/runbook preview <slug>',
      description: 'a runbook’s steps with risk badges, variables and open questions',
      run: async (args, who, services) => {
        const slug = args.trim();
        if (!slug) return { text: 'Usage: `/runbook preview <slug>` (see `/runbook list`)' };
        const blocks = await services.previewRunbook(who.tenantId, { slug });
        return { text: `Preview of ${slug}`, blocks };
      },
    },
    mode: {
      usage: '/runbook mode [strict|audit]',
      description: 'show the governance mode, or (admins) switch it: strict = every step needs a human',
      run: async (args, who, services) => {
        const wanted = args.trim().toLowerCase();
        const current = await services.governance.mode(who.tenantId);
        if (!wanted) {
          return {
            text: `Governance mode: *${current}*. ${current === 'strict' ? 'Every step needs a human.' : 'Runbook trust levels apply; everything is audited.'}`,
          };
        }
        if (wanted !== 'strict' && wanted !== 'audit')
          return { text: 'Usage: `/runbook mode strict` or `/runbook mode audit`' };
        if (!services.adminUserIds.includes(who.userId)) {
          return { text: '⚠️ Only workspace admins (SLACK_ADMIN_USER_IDS) may change the governance mode.' };
        }
        await services.governance.setMode(who.tenantId, wanted, who.userId);
        return {
          text: `Governance mode is now *${wanted}* (was ${current}). It applies to the next step of every run.`,
        };
      },
    },
    digest: {
      usage: '/runbook digest [week]',
      description: 'the last day (or week): incidents, runs, approvals, failures, MTTR, SLOs, backups and drills',
      run: async (args, who, services) =>
        services.digest(who.tenantId, args.trim().toLowerCase() === 'week' ? 'week' : 'day'),
    },
    new: {
      usage: '/runbook new',
      description: 'paste a runbook (Markdown, Confluence/Notion HTML or wiki text) and see it understood',
      run: async (_args, who) => {
        await openNewRunbook(who.triggerId);
        return { text: 'Opening the runbook editor…' };
      },
    },
  };
}

/** Subcommands answered inside the ack (fast, no I/O); the rest reply through response_url. */
const ANSWERED_IN_ACK = new Set(['help', 'classify']);

export function registerRunbookCommand(
  ctx: ListenerContext,
  openNewRunbook: (client: WebClient, triggerId: string) => Promise<void>,
): void {
  ctx.app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    const name = (text.split(/\s+/)[0] || 'help').toLowerCase();
    const args = text.slice(name.length).trim();
    const sub = subcommands((triggerId) => openNewRunbook(client, triggerId))[name];
    if (!sub) {
      await ack({ response_type: 'ephemeral', text: `Unknown subcommand \`${esc(name)}\`. Try \`/runbook help\`.` });
      return;
    }
    const who = { tenantId: command.team_id, userId: command.user_id, triggerId: command.trigger_id };
    if (ANSWERED_IN_ACK.has(name)) {
      await ack({ response_type: 'ephemeral', ...(await sub.run(args, who, ctx.services)) });
      return;
    }
    await ack();
    try {
      const reply = await sub.run(args, who, ctx.services);
      if (name !== 'new') await respond({ response_type: 'ephemeral', ...reply });
    } catch (err) {
      await respond({ response_type: 'ephemeral', text: describeForUser(err, ctx.logger, { command: name }) });
    }
  });
}
