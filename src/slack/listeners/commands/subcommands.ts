import type { KnownBlock } from '@slack/types';
import { classifyResultMessage } from '../../../../blocks/classify-result.js';
import { feedbackTrendMessage } from '../../../../blocks/feedback.js';
import { governanceConfirmPrompt } from '../../../../blocks/governance-confirm.js';
import { helpMessage } from '../../../../blocks/help.js';
import { runbookListMessage } from '../../../../blocks/runbook-list.js';
import { MODE_WORDS } from '../../../governance/admin-actions.js';
import type { Principal } from '../../../governance/authorizer.js';
import { assertPanicReason } from '../../../governance/panic.js';
import { haltedWords } from '../../../governance/panic-state.js';
import type { SlackServices } from '../context.js';
import { incidentSubcommands } from './incident-subcommands.js';
import { rolesSubcommand } from './roles-subcommand.js';

export type Reply = { text: string; blocks?: KnownBlock[] };
export type Who = Principal & { triggerId: string };

export interface Subcommand {
  usage: string;
  description: string;
  /** Answered inside the ack (fast, no I/O); the rest reply through response_url. */
  inAck?: boolean;
  run: (args: string, who: Who, services: SlackServices) => Promise<Reply>;
}

/** The subcommands of `/runbook`; `help` lists exactly these, so it cannot drift. */
export function subcommands(openNewRunbook: (triggerId: string) => Promise<void>): Record<string, Subcommand> {
  const table: Record<string, Subcommand> = {
    help: {
      usage: '/runbook help',
      description: 'this list',
      inAck: true,
      run: async () => helpMessage(Object.values(table).map(({ usage, description }) => ({ usage, description }))),
    },
    classify: {
      usage: '/runbook classify <command>',
      description: 'the risk level of a shell command, with the reasons (🟢🟡🔴⬜)',
      inAck: true,
      run: async (args, _who, services) => {
        const command = args.trim();
        if (!command)
          return {
            text: 'Usage: `/runbook classify <command>`, for example `/runbook classify kubectl get pods -n payments`',
          };
        const verdict = services.scan(command);
        return classifyResultMessage({
          command,
          level: verdict.level,
          target: verdict.target,
          reasons: verdict.reasons,
        });
      },
    },
    list: {
      usage: '/runbook list',
      description: 'the runbooks in the library (newest versions; 🔒 locked)',
      run: async (_args, who, services) => {
        await services.authz.require(who, 'runbook.read');
        return runbookListMessage(
          (await services.runbooks.listLatest(who.tenantId)).map((v) => ({
            title: v.title,
            slug: v.slug,
            version: v.version,
            steps: v.compiled.steps.length,
            locked: v.locked,
          })),
        );
      },
    },
    ...incidentSubcommands(),
    preview: {
      usage: '/runbook preview <slug>',
      description: 'a runbook’s steps with risk badges, variables and open questions',
      run: async (args, who, services) => {
        await services.authz.require(who, 'runbook.read');
        const slug = args.trim();
        if (!slug) return { text: 'Usage: `/runbook preview <slug>` (see `/runbook list`)' };
        return { text: `Preview of ${slug}`, blocks: await services.previewRunbook(who.tenantId, { slug }) };
      },
    },
    feedback: {
      usage: '/runbook feedback',
      description: 'the copilot and run ratings per team per week (from the 1–5 feedback cards)',
      run: async (_args, who, services) => feedbackTrendMessage(await services.copilot.trend(who.tenantId)),
    },
    mode: {
      usage: '/runbook mode [strict|audit]',
      description: 'show the governance mode, or (admins) switch it after a confirmation',
      run: (args, who, services) => modeSubcommand(args, who, services),
    },
    lock: {
      usage: '/runbook lock <slug> [reason]',
      description: '(admins) lock a runbook: no new runs start from it, after a confirmation',
      run: (args, who, services) => lockSubcommand(args, who, services, true),
    },
    unlock: {
      usage: '/runbook unlock <slug>',
      description: '(admins) unlock a runbook',
      run: (args, who, services) => lockSubcommand(args, who, services, false),
    },
    panic: {
      usage: '/runbook panic [reason] | panic off | panic status',
      description: 'stop every running command now and halt every run (responders); an admin lifts it',
      run: (args, who, services) => panicSubcommand(args, who, services),
    },
    roles: {
      usage: '/runbook roles [grant|revoke <@person|@group> <role>]',
      description: 'who holds which role; admins grant and revoke them',
      run: (args, who, services) => rolesSubcommand(args, who, services),
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
  return table;
}

async function panicSubcommand(args: string, who: Who, services: SlackServices): Promise<Reply> {
  const words = args.trim();
  const actor = { kind: 'person' as const, tenantId: who.tenantId, userId: who.userId };
  if (words === 'status') {
    const state = await services.panic.status(who.tenantId);
    return { text: state ? `🛑 ${haltedWords(state)}` : '✅ The panic switch is off: runs go on as usual.' };
  }
  if (words === 'off') {
    const lifted = await services.panic.lift(actor);
    return {
      text: lifted
        ? '✅ The panic switch is lifted. Halted steps wait for a person to retry them.'
        : 'The panic switch was not on.',
    };
  }
  const { halted } = await services.panic.pull(actor, assertPanicReason(words || null));
  return {
    text: `🛑 Panic switch pulled: every running command was stopped and ${halted} step${halted === 1 ? '' : 's'} halted. An admin lifts it with \`/runbook panic off\`.`,
  };
}

async function modeSubcommand(args: string, who: Who, services: SlackServices): Promise<Reply> {
  const wanted = args.trim().toLowerCase();
  const current = await services.governance.mode(who.tenantId);
  if (!wanted) return { text: `Governance mode: *${current}*. ${MODE_WORDS[current]}` };
  if (wanted !== 'strict' && wanted !== 'audit')
    return { text: 'Usage: `/runbook mode strict` or `/runbook mode audit`' };
  await services.authz.require(who, 'governance.switch_mode', wanted);
  if (wanted === current) return { text: `Governance mode is already *${current}*.` };
  return governanceConfirmPrompt({
    question: `Switch this workspace from ${current} to ${wanted} mode?`,
    detail: `${MODE_WORDS[wanted]} It applies to the next step of every run under way, and is announced in the incident channel.`,
    button: `Switch to ${wanted}`,
    value: { k: 'mode', m: wanted },
    danger: wanted === 'audit',
  });
}

async function lockSubcommand(args: string, who: Who, services: SlackServices, locking: boolean): Promise<Reply> {
  const [slug, ...rest] = args.trim().split(/\s+/);
  if (!slug)
    return {
      text: `Usage: \`/runbook ${locking ? 'lock <slug> [reason]' : 'unlock <slug>'}\` (see \`/runbook list\`)`,
    };
  await services.authz.require(who, 'runbook.lock', slug);
  const reason = rest.join(' ').trim() || null;
  return governanceConfirmPrompt({
    question: `${locking ? 'Lock' : 'Unlock'} the runbook \`${slug}\`?`,
    detail: locking
      ? 'No new run starts from it (runs under way go on). The lock is announced in the incident channel.'
      : 'Runs may start from it again. The change is announced in the incident channel.',
    button: locking ? 'Lock it' : 'Unlock it',
    value: { k: 'lock', slug, on: locking, why: reason },
    danger: locking,
  });
}
