import { createLogger } from '../../src/lib/logger.js';
import { startSlackSandbox } from '../../src/sandbox/index.js';

/**
 * The local Slack as its own OS process, for the soak: prints one JSON line with its URLs
 * and tokens, then serves until killed. Faults are switched over HTTP (/_sandbox/faults).
 */
const sandbox = await startSlackSandbox({
  port: Number(process.env.SANDBOX_PORT ?? 0),
  logger: createLogger({ level: 'warn' }),
  // The soak's runs post many messages: keep Slack's one-post-per-second-per-channel rule.
  rateLimit: { postsPerChannelPerSecond: 1 },
});
process.stdout.write(
  `${JSON.stringify({ url: sandbox.url, apiUrl: sandbox.apiUrl, botToken: sandbox.botToken, appToken: sandbox.appToken, teamId: sandbox.teamId })}\n`,
);
const stop = () => sandbox.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
