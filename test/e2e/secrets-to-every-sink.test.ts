import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { openIncident, press } from '../support/e2e-actions.js';
import { leakedPieces } from '../support/leaks.js';
import { buttons } from '../support/slack-read.js';
import { CREDENTIAL_CASES } from '../unit/lib/fixtures/fake-credentials.js';

const SECRETS = CREDENTIAL_CASES.flatMap((c) => c.secrets);
/** A token written into a step's own sentence (an inline command), so it is in the step's title too. */
const INLINE = CREDENTIAL_CASES.find((c) => c.name === 'GitHub classic token')!.secrets[0]!;

/**
 * Every fake credential format, typed into a runbook's command (a heredoc an author pasted)
 * and printed by commands for real, must reach no sink: no Slack call, no audit event, no
 * log line, no LLM request holds the secret or any 12-character piece of it.
 */
function writeRunbook(dir: string, credentialsFile: string): void {
  // Lines of a console transcript (`$ cmd`) would make the block a transcript: they are printed by step 2.
  const typed = CREDENTIAL_CASES.map((c) => c.text)
    .join('\n')
    .split('\n')
    .filter((line) => !line.startsWith('$ '))
    .map((line) => `   ${line}`)
    .join('\n');
  writeFileSync(
    path.join(dir, 'secrets-check.md'),
    `---\ntitle: Credentials check\nservices: [vault]\nalerts: [CredentialsCheck]\ntrust_level: 2\n---\n\n# Credentials check\n\n## Steps\n\n` +
      `1. Print the credentials an engineer pasted:\n\n   \`\`\`bash\n   cat <<'CREDS'\n${typed}\n   CREDS\n   \`\`\`\n\n` +
      `2. Print the credentials file:\n\n   \`\`\`bash\n   cat ${credentialsFile}\n   \`\`\`\n\n` +
      `3. Print the header the API expects: \`echo "Authorization: Bearer ${INLINE}"\`\n`,
  );
}

/** The second responder approves each step that waits for an approval, until the run's summary is posted. */
async function runToTheEnd(e: E2E, thread: string): Promise<void> {
  const approved = new Set<string>();
  await e.sandbox.waitFor(
    () => {
      const messages = e.sandbox.thread(INCIDENTS, thread);
      for (const m of messages) {
        if (!buttons(m).includes(ACTIONS.approveStep) || approved.has(m.ts)) continue;
        approved.add(m.ts);
        void press(e, PEOPLE.second, m, ACTIONS.approveStep);
      }
      return messages.find((m) => m.text.includes('Runbook finished'));
    },
    { timeoutMs: 90_000, description: 'the run summary' },
  );
}

describe('credentials in commands and output reach no sink', () => {
  let e: E2E;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rbc-secrets-'));
    const credentialsFile = path.join(dir, 'printed.txt');
    writeFileSync(credentialsFile, `${CREDENTIAL_CASES.map((c) => c.text).join('\n')}\n`);
    const runbooks = path.join(dir, 'runbooks');
    mkdirSync(runbooks);
    writeRunbook(runbooks, credentialsFile);
    e = await startE2E({ llm: true, captureLogs: true, runbooksDir: runbooks, env: { GOVERNANCE_MODE: 'audit' } });
    e.llm!.setHandler((request) =>
      request.schemaName === 'command_risk_opinion'
        ? { json: { level: 'safe', confidence: 0.5, reasoning: 'Prints text.', suggestedRollback: null } }
        : { status: 500, shouldRetry: false },
    );
  });
  afterAll(async () => {
    await e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every step for real and shows [REDACTED] where each secret was', { timeout: 120_000 }, async () => {
    // The approver's App Home is open: it is republished with the steps waiting for them.
    await e.sandbox.openHome({ userId: PEOPLE.second });
    const thread = await openIncident(e, { title: 'CredentialsCheck: vault tokens', service: 'vault' }, PEOPLE.oncall);
    await runToTheEnd(e, thread);
    const runs = await e.db.owner
      .selectFrom('step_runs')
      .select(['status', 'output_tail'])
      .where('dry_run', '=', false)
      .orderBy('queued_at')
      .execute();
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const homes = e.sandbox.calls().filter((c) => c.method === 'views.publish');
    expect(homes.some((c) => JSON.stringify(c.args).includes('Credentials check'))).toBe(true);
    expect(runs.every((r) => (r.output_tail ?? '').includes('[REDACTED'))).toBe(true);

    const sinks = {
      slack: JSON.stringify(e.sandbox.calls()),
      audit: JSON.stringify(await e.audit()),
      logs: e.logs.join(''),
      llm: JSON.stringify(e.llm!.requests.map((r) => r.body)),
      stored: JSON.stringify(runs),
    };
    expect(e.llm!.requests.some((r) => r.schemaName === 'command_risk_opinion')).toBe(true);
    expect(e.logs.length).toBeGreaterThan(0);
    for (const [sink, text] of Object.entries(sinks)) {
      expect({ sink, leaked: leakedPieces(SECRETS, text) }).toEqual({ sink, leaked: [] });
    }
  });
});
