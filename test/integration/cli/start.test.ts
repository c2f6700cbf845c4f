/**
 * `npm start` as a newcomer meets it at the terminal: the built bin, spawned with no Slack
 * tokens. It says it is ready before it offers the sandbox's address, every console line has
 * one format, and a port that is taken gets one sentence, not a stack trace.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeFolder, SANDBOX_URL_LINE, spawnStart } from '../../support/spawn-start.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

/** pino-pretty's single-line records: `[HH:MM:SS] LEVEL: message`. */
const LOG_LINE = /^\[\d\d:\d\d:\d\d\] (INFO|WARN|ERROR): \S/;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

function occupiedPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('npm start at the terminal', () => {
  it('says Ready, then offers the sandbox URL, which already answers; one log format throughout', async () => {
    const product = spawnStart(t);
    try {
      const [, url] = await product.waitFor(SANDBOX_URL_LINE);
      // The moment the address is on the screen, the page and the app behind it work.
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('local Slack sandbox');
      const healthUrl = /health: (http:\/\/\S+\/readyz)/.exec(product.stdout())![1]!;
      expect((await fetch(healthUrl)).status).toBe(200);

      const lines = product.stdout().trimEnd().split('\n');
      const ready = lines.findIndex((l) => l.includes('Ready. Commands are shown, not run'));
      const offered = lines.findIndex((l) => SANDBOX_URL_LINE.test(l));
      expect(ready).toBeGreaterThanOrEqual(0);
      expect(offered).toBe(lines.length - 1);
      expect(ready).toBeLessThan(offered);
      expect(lines.filter((l) => l.includes('http://127.0.0.1') && l.includes(new URL(url!).port))).toHaveLength(1);
      for (const line of lines) expect(line).toMatch(LOG_LINE);
      expect(product.stdout()).not.toContain('{"level"');
    } finally {
      expect(await product.stop()).toBe(0);
      removeFolder(product.cwd);
    }
  });

  it.each([
    ['SANDBOX_PORT', 'local Slack sandbox'],
    ['HTTP_PORT', 'HTTP server'],
  ])('a taken %s gets one sentence naming the port and the variable, no stack', async (variable, server) => {
    const taken = await occupiedPort();
    const port = (taken.address() as { port: number }).port;
    const product = spawnStart(t, { [variable]: String(port) });
    try {
      expect(await product.exited).toBe(1);
      const said = product.stderr().trim();
      expect(said).toBe(
        `Port ${port} on 127.0.0.1 is already in use, so the ${server} cannot start. ` +
          `Stop what listens there (\`lsof -i :${port}\` names it), or set ${variable} to a free port.`,
      );
      expect(product.stdout()).not.toMatch(SANDBOX_URL_LINE);
      expect(product.stdout() + said).not.toContain('EADDRINUSE');
    } finally {
      taken.close();
      removeFolder(product.cwd);
    }
  });
});
