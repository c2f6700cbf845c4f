import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import type { FakeReply, RecordedLlmRequest } from '../fakes/openai-fake.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { openIncident, press } from '../support/e2e-actions.js';
import { buttons, shown, waitForStep } from '../support/slack-read.js';

/** The command an opinion request is about (the prompt wraps it in <command> tags). */
function commandOf(request: RecordedLlmRequest): string | null {
  return /<command>\n([\s\S]*?)\n<\/command>/.exec(request.text)?.[1] ?? null;
}

const opinion = (level: string, confidence: number, reasoning: string): FakeReply => ({
  json: { level, confidence, reasoning, suggestedRollback: null },
});

/**
 * Audit mode, trust level 1: a 🟢 step would run by itself. The LLM's opinion may raise a
 * level, never lower it; when the LLM fails, the scanner's verdict stands.
 */
describe('LLM second opinion through the OpenAI-compatible fake', () => {
  let e: E2E;
  let mode: 'opinionated' | 'failing' = 'opinionated';
  beforeAll(async () => {
    e = await startE2E({ llm: true, env: { GOVERNANCE_MODE: 'audit' } });
    e.llm!.setHandler((request) => {
      if (request.schemaName !== 'command_risk_opinion') return { status: 500, shouldRetry: false }; // runbook extraction: use the deterministic compiler
      if (mode === 'failing') return { status: 503, message: 'overloaded', shouldRetry: false };
      const command = commandOf(request);
      if (command === 'uname -a')
        return opinion('caution', 0.95, 'Prints kernel details that help an attacker fingerprint the host.');
      if (command?.startsWith('touch')) return opinion('safe', 0.99, 'Only updates a timestamp.');
      return opinion('safe', 0.99, 'Harmless.');
    });
  });
  afterAll(async () => e?.close());

  const startRun = (title: string) => openIncident(e, { title, service: 'payments-api' }, PEOPLE.oncall);

  it('raises a level on a confident opinion, keeps the scanner as a floor, and asks in parallel at the start', async () => {
    const thread = await startRun('KubePodCrashLooping: api-llm-1');
    // Both commands were sent for an opinion before the first step was decided.
    await e.sandbox.waitFor(
      () => {
        const asked = e.llm!.requests.filter((r) => r.schemaName === 'command_risk_opinion').map(commandOf);
        return asked.includes('uname -a') && asked.includes(`touch ${e.file('e2e-marker')}`) ? true : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s1)).toContain('🟡 caution');
    expect(shown(s1)).toContain('LLM second opinion (95% sure): Prints kernel details');
    await press(e, PEOPLE.oncall, s1, ACTIONS.approveStep);
    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s2)).toContain('🟡 caution'); // the LLM said safe; the scanner's caution is the floor
    expect(shown(s2)).not.toContain('LLM second opinion');

    const classified = (await e.audit(['command.classified'])).map((ev) => ev.data);
    expect(classified).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          command: 'uname -a',
          scannerLevel: 'safe',
          llmLevel: 'caution',
          llmConfidence: 0.95,
          mergeRule: 'merge.llm-raised',
          level: 'caution',
        }),
        expect.objectContaining({
          command: `touch ${e.file('e2e-marker')}`,
          scannerLevel: 'caution',
          llmLevel: 'safe',
          mergeRule: 'merge.scanner-floor',
          level: 'caution',
        }),
      ]),
    );
    const raised = classified.find((d) => d.command === 'uname -a')!;
    expect(raised.llmReasoning).toContain('fingerprint');
    expect(raised.scannerRuleIds).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it('lets the scanner verdict stand when the LLM fails', async () => {
    mode = 'failing';
    const thread = await startRun('KubePodCrashLooping: api-llm-2');
    const s1 = await waitForStep(e.sandbox, INCIDENTS, thread, 1, (m) => shown(m).includes('Succeeded'));
    expect(shown(s1)).toContain('🟢 safe');
    expect(shown(s1)).toContain('auto-approved by policy');
    const s2 = await waitForStep(e.sandbox, INCIDENTS, thread, 2, (m) => buttons(m).includes(ACTIONS.approveStep));
    expect(shown(s2)).toContain('🟡 caution');
    const classified = (await e.audit(['command.classified']))
      .map((ev) => ev.data)
      .filter((d) => d.mergeRule === 'merge.llm-unavailable');
    expect(classified.map((d) => d.command)).toEqual(
      expect.arrayContaining(['uname -a', `touch ${e.file('e2e-marker')}`]),
    );
    expect(String(classified[0]!.llmReasoning)).toMatch(/^failed: /);
  });
});
