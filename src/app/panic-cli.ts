import type { Config } from '../config.js';
import { haltedWords } from '../governance/panic-state.js';
import type { Logger } from '../lib/logger.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE =
  'Usage: panic on [--tenant T…] [--reason "…"] | panic off [--tenant T…] | panic status [--tenant T…]\n' +
  'Without --tenant the switch is the whole install’s. The operator needs no Slack role; every change is audited.\n';

/**
 * `panic on|off|status`: the operator's panic switch. It needs Postgres and Redis (the news
 * reaches every worker over Redis); it tells Slack when Slack can be reached.
 */
export async function runPanicCli(args: string[], config: Config, logger: Logger, io: Io): Promise<number> {
  const [verb] = args;
  const option = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  if (verb !== 'on' && verb !== 'off' && verb !== 'status') {
    io.stderr.write(USAGE);
    return 2;
  }
  const { createRuntime } = await import('./runtime.js');
  const { processEnvironment } = await import('../config.js');
  const runtime = await createRuntime({
    config,
    logger,
    slack: { botToken: config.slack.botToken ?? 'xoxb-no-slack', apiUrl: config.slack.apiUrl, retries: 0 },
    incidentChannel: () => config.slack.incidentChannel ?? '',
    parentEnv: processEnvironment(),
  });
  try {
    const tenantId = option('--tenant') ?? null;
    const actor = { kind: 'operator' as const, name: 'system:cli', tenantId };
    if (verb === 'status') {
      const state = await runtime.panic.status(tenantId);
      io.stdout.write(state ? `on: ${haltedWords(state)}\n` : 'off\n');
      return 0;
    }
    if (verb === 'on') {
      const { halted } = await runtime.panic.pull(actor, option('--reason') ?? null);
      io.stdout.write(
        `Panic switch on ${tenantId ? `for ${tenantId}` : 'for the whole install'}: ${halted} step(s) halted.\n`,
      );
      return 0;
    }
    const lifted = await runtime.panic.lift(actor);
    io.stdout.write(lifted ? 'Panic switch lifted.\n' : 'The panic switch was not on.\n');
    return 0;
  } finally {
    await runtime.close();
  }
}
