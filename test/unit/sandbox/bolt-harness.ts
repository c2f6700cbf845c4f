import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { type SandboxOptions, type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';

/** The app exactly as the product builds it: Socket Mode, Web API pointed at the sandbox, no retries. */
export function createBoltApp(sandbox: SlackSandbox, options: { clientPingTimeout?: number } = {}): App {
  const clientOptions = { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } };
  // A custom receiver only to shorten the reconnect delay (clientPingTimeout × failures); App does not forward it.
  const receiver = new SocketModeReceiver({
    appToken: sandbox.appToken,
    clientPingTimeout: options.clientPingTimeout ?? 5000,
    installerOptions: { clientOptions },
    logLevel: LogLevel.ERROR,
  });
  return new App({ token: sandbox.botToken, receiver, clientOptions, logLevel: LogLevel.ERROR });
}

export interface Harness {
  sandbox: SlackSandbox;
  app: App;
  stop(): Promise<void>;
}

/** Starts a sandbox and a Bolt app with the given listeners, connected over Socket Mode. */
export async function startHarness(
  register: (app: App) => void,
  sandboxOptions: SandboxOptions = {},
  appOptions: { clientPingTimeout?: number } = {},
): Promise<Harness> {
  const sandbox = await startSlackSandbox({ ackTimeoutMs: 1000, ...sandboxOptions });
  const app = createBoltApp(sandbox, appOptions);
  register(app);
  await app.start();
  return {
    sandbox,
    app,
    async stop() {
      await stopApp(sandbox, app);
      await sandbox.close();
    },
  };
}

export const INCIDENTS = 'C0INCIDENTS';
export const ONCALL = 'U0ONCALL01';
export const RESPONDER = 'U0RESPOND2';

/** Stops Bolt first and waits for its socket to close, so closing the sandbox does not look like an outage. */
export async function stopApp(sandbox: SlackSandbox, app: App): Promise<void> {
  const before = sandbox.connections();
  await app.stop();
  if (before === 0) return;
  await sandbox.waitFor(() => sandbox.connections() < before, { timeoutMs: 3000 }).catch(() => undefined);
}
