import path from 'node:path';
import { type Config, processEnvironment } from '../config.js';
import { migrateToLatest } from '../db/migrator.js';
import type { Logger } from '../lib/logger.js';
import { type SlackSandbox, startSlackSandbox } from '../sandbox/index.js';
import { createDrillRehearsal } from './drill-rehearsal.js';
import { greetNewcomer, HELLO_WORLD } from './first-run.js';
import { listening } from './listening.js';
import { checkDependencies, createRuntime, type Runtime } from './runtime.js';
import { deliveryOutcome, samplePagerDutyDelivery, sendPagerDutyDelivery } from './sample-alert.js';
import { seedSandboxRoles } from './sandbox-roles.js';
import { onShutdown } from './shutdown.js';
import { startWeb, type WebComponent } from './web.js';
import { pagerDutySecrets } from './webhook-secrets.js';
import { startWorker } from './worker.js';

type Print = (line: string) => void;

export async function runMigrate(config: Config, logger: Logger, print: Print): Promise<void> {
  const result = await migrateToLatest({
    migrationUrl: config.database.migrationUrl,
    appUrl: config.database.url,
    logger,
  });
  print(
    result.applied.length
      ? `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
      : 'Database is up to date.',
  );
  if (result.appRoleIsOwner) {
    print(
      `⚠️  The application connects as the database owner (${result.appRole}): the audit table's grants do not bind it. Use a separate role in DATABASE_URL.`,
    );
  }
}

/** `start`: migrate, then web + worker in one process; the local Slack sandbox when no tokens are set. */
export async function runStart(config: Config, logger: Logger, print: Print): Promise<void> {
  let webUrl = '';
  const secrets = pagerDutySecrets(config);
  if (secrets.length === 0) {
    print('⚠️  PAGERDUTY_WEBHOOK_SECRETS is not set: /webhooks/pagerduty refuses every delivery (503) until it is.');
  }
  await checkDependencies(config, 'server');
  const sandbox =
    config.slack.mode === 'sandbox'
      ? await startLocalSandbox(config, logger, secrets[0]!, () => `${webUrl}/webhooks/pagerduty`)
      : null;
  await runMigrate(config, logger, print);
  await checkDependencies(config, 'app');

  const incidents = sandbox?.channels.find((c) => c.name === 'incidents')?.id ?? config.slack.incidentChannel!;
  const botToken = sandbox?.botToken ?? config.slack.botToken!;
  const apiUrl = sandbox?.apiUrl ?? config.slack.apiUrl;
  const runtime = await createRuntime({
    config,
    logger,
    slack: { botToken, apiUrl },
    incidentChannel: () => incidents,
    opsChannel: () => config.ops.channel ?? sandbox?.channels.find((c) => c.name === 'ops')?.id,
    rehearsal: createDrillRehearsal(config, logger),
    parentEnv: processEnvironment(),
  });
  const web = await listening('HTTP server', 'HTTP_PORT', config.http, () =>
    startWeb(runtime, {
      botToken,
      appToken: sandbox?.appToken ?? config.slack.appToken!,
      apiUrl,
      pagerdutySecrets: secrets,
      http: config.http,
      ...(sandbox ? { onWorkspace: (tenantId: string) => seedSandboxRoles(runtime.authz, tenantId) } : {}),
    }),
  );
  webUrl = web.url;
  const worker = await startWorker(runtime);
  onShutdown(logger, async () => {
    await web.stop();
    await worker.stop();
    await runtime.close();
    await sandbox?.close();
  });
  await sayReady({ config, logger, print, runtime, web, sandbox, incidents });
}

/**
 * The last lines of `start`: the runbooks loaded, then (in the sandbox) the first-run DM,
 * Ready, and only then the page's address, so it works the moment it is on the screen.
 */
async function sayReady(ready: {
  config: Config;
  logger: Logger;
  print: Print;
  runtime: Runtime;
  web: WebComponent;
  sandbox: SlackSandbox | null;
  incidents: string;
}): Promise<void> {
  const { config, print, runtime, web, sandbox } = ready;
  const library = await runtime.runbooks.syncFolder(web.tenantId(), config.runbooksDir);
  print(`Webhooks: ${web.url}/webhooks/pagerduty · health: ${web.url}/readyz · metrics: ${web.url}/metrics`);
  print(
    `Runbooks: ${library.loaded.length} new, ${library.unchanged.length} unchanged${library.failed.length ? `, ${library.failed.length} failed (${library.failed.map((f) => f.file).join(', ')})` : ''} from ${config.runbooksDir}/`,
  );
  if (!sandbox) {
    print(`Ready: connected to Slack workspace ${web.slack.identity().teamName ?? web.tenantId()}.`);
    return;
  }
  await greetNewcomer({
    botToken: sandbox.botToken,
    apiUrl: sandbox.apiUrl,
    chat: runtime.chat,
    facts: { incidentChannel: ready.incidents, dryRun: config.execution.dryRun },
  }).catch((err: unknown) => ready.logger.warn({ err }, 'the first-run greeting could not be posted'));
  print(`Ready. ${executionLine(config.execution.dryRun)}`);
  print(
    `Open the local Slack sandbox: ${sandbox.url}  (no SLACK_BOT_TOKEN set). Your DM there walks you through a first run.`,
  );
}

/** The sandbox page, its conversation kept in a file beside the product's data for restarts. */
async function startLocalSandbox(
  config: Config,
  logger: Logger,
  secret: string,
  webhookUrl: () => string,
): Promise<SlackSandbox> {
  return listening('local Slack sandbox', 'SANDBOX_PORT', config.sandbox, () =>
    startSlackSandbox({
      host: config.sandbox.host,
      port: config.sandbox.port,
      conversationFile: sandboxConversationFile(config),
      // The sandbox's own info lines would crowd the console; debug still shows them.
      logger: logger.child(
        { component: 'sandbox' },
        { level: logger.levelVal <= 20 || logger.levelVal > 40 ? logger.level : 'warn' },
      ),
      onFireSampleAlert: async () => {
        const delivery = samplePagerDutyDelivery({ title: HELLO_WORLD.alert, service: HELLO_WORLD.service });
        return deliveryOutcome(await sendPagerDutyDelivery(webhookUrl(), secret, delivery));
      },
    }),
  );
}

/** One file per database: the conversation belongs to the runs that database holds. */
export function sandboxConversationFile(config: Config): string {
  const database = decodeURIComponent(new URL(config.database.url).pathname.slice(1)) || 'default';
  return path.resolve('.sandbox', `${database.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
}

/** Says, in the direction that matters, whether approved commands really run on this machine. */
export function executionLine(dryRun: boolean): string {
  return dryRun
    ? 'Commands are shown, not run (dry run; EXECUTION_DRY_RUN=true).'
    : '⚠️ Approved commands RUN on this machine (EXECUTION_DRY_RUN=false).';
}

/** `web`: Bolt (Socket Mode) + HTTP. Needs real Slack tokens; use `start` for the sandbox. */
export async function runWeb(config: Config, logger: Logger, print: Print): Promise<void> {
  const runtime = await realSlackRuntime(config, logger, 'web');
  const web = await startWeb(runtime, {
    botToken: config.slack.botToken!,
    appToken: config.slack.appToken!,
    apiUrl: config.slack.apiUrl,
    pagerdutySecrets: config.webhooks.pagerdutySecrets,
    http: config.http,
  });
  onShutdown(logger, async () => {
    await web.stop();
    await runtime.close();
  });
  const library = await runtime.runbooks.syncFolder(web.tenantId(), config.runbooksDir);
  print(`web: listening on ${web.url}; ${library.loaded.length + library.unchanged.length} runbooks`);
}

/** `worker`: every BullMQ queue of the job catalogue. */
export async function runWorker(config: Config, logger: Logger, print: Print): Promise<void> {
  const runtime = await realSlackRuntime(config, logger, 'worker');
  const worker = await startWorker(runtime);
  onShutdown(logger, async () => {
    await worker.stop();
    await runtime.close();
  });
  print('worker: processing jobs');
}

/** `web` and `worker` on their own talk to real Slack (or SLACK_API_URL); the sandbox lives in `start`. */
async function realSlackRuntime(config: Config, logger: Logger, command: 'web' | 'worker') {
  if (config.slack.mode !== 'real') {
    throw new Error(
      `\`${command}\` needs SLACK_BOT_TOKEN, SLACK_APP_TOKEN and SLACK_INCIDENT_CHANNEL. Without Slack tokens, run \`npm start\`: it starts web, worker and the local Slack sandbox in one process.`,
    );
  }
  await checkDependencies(config);
  return createRuntime({
    config,
    logger,
    slack: { botToken: config.slack.botToken!, apiUrl: config.slack.apiUrl },
    incidentChannel: () => config.slack.incidentChannel!,
    rehearsal: createDrillRehearsal(config, logger),
    parentEnv: processEnvironment(),
  });
}
