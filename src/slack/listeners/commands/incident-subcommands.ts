import { esc } from '../../../../blocks/text.js';
import type { Subcommand } from './subcommands.js';

/** Days `/runbook mttr` looks back when none are given, and the most it accepts. */
const MTTR_DEFAULT_DAYS = 30;
const MTTR_MAX_DAYS = 365;

/** `/runbook search|run|status|incidents|mttr`: the library and the incidents, from Slack. */
export function incidentSubcommands(): Record<string, Subcommand> {
  return {
    search: {
      usage: '/runbook search <words>',
      description: 'the runbooks that best fit some words (an alert name, a service, a symptom)',
      run: async (args, who, services) => {
        await services.authz.require(who, 'runbook.read');
        const words = args.trim();
        if (!words)
          return { text: 'Usage: `/runbook search <words>`, for example `/runbook search disk full postgres`' };
        const found = await services.runbooks.match(who.tenantId, { title: words, service: null, keywords: [] });
        const hits = [found.best, ...found.runnersUp].filter((h) => h !== null);
        if (hits.length === 0) return { text: `No runbook fits “${esc(words)}”. See \`/runbook list\`.` };
        const slugs = new Map((await services.runbooks.listLatest(who.tenantId)).map((v) => [v.id, v.slug]));
        const lines = hits.map(
          (h) =>
            `• *${esc(h.title)}* (\`${esc(slugs.get(h.versionId) ?? '?')}\`, ${Math.round(h.score * 100)}%): ${esc(h.reason)}`,
        );
        return { text: `Runbooks for “${esc(words)}”:\n${lines.join('\n')}\nStart one with \`/runbook run <slug>\`.` };
      },
    },
    run: {
      usage: '/runbook run <slug> [incident]',
      description: 'start a runbook by hand (an incident is opened for it, or give one from `/runbook incidents`)',
      run: async (args, who, services) => {
        const [slug, incident] = args.trim().split(/\s+/);
        if (!slug) return { text: 'Usage: `/runbook run <slug> [incident]` (see `/runbook list`)' };
        return services.alerts.desk.startByHand(who, slug, incident ?? null);
      },
    },
    status: {
      usage: '/runbook status [incident]',
      description: 'one incident’s status, run and times (or every open incident)',
      run: (args, who, services) => services.alerts.desk.status(who, args),
    },
    incidents: {
      usage: '/runbook incidents',
      description: 'open incidents with their age, and the recently resolved with their MTTR',
      run: (_args, who, services) => services.alerts.desk.overview(who),
    },
    mttr: {
      usage: '/runbook mttr [days]',
      description: `time to acknowledge, mitigate and resolve, overall, per service and per runbook (default ${MTTR_DEFAULT_DAYS} days)`,
      run: async (args, who, services) => {
        const days = args.trim() ? Number(args.trim()) : MTTR_DEFAULT_DAYS;
        if (!Number.isInteger(days) || days < 1 || days > MTTR_MAX_DAYS) {
          return { text: `Usage: \`/runbook mttr [days]\`, days from 1 to ${MTTR_MAX_DAYS}` };
        }
        return services.alerts.desk.mttr(who, days);
      },
    },
  };
}
