import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CopilotFacts } from '../../../src/copilot/facts.js';
import { runToolLoop, type TurnBudgets } from '../../../src/copilot/loop.js';
import { loadCopilotPolicy } from '../../../src/copilot/policy/load.js';
import { modulate } from '../../../src/copilot/policy/modulate.js';
import { SIGNAL_NAMES, type Signals } from '../../../src/copilot/policy/signals.js';
import { createOpenAiToolChat } from '../../../src/lib/llm-chat.js';
import { type OpenAiFake, startOpenAiFake } from '../../fakes/openai-fake.js';

const policy = loadCopilotPolicy(undefined);
const calm = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, 0])) as Signals;
const budgets: TurnBudgets = {
  maxToolCalls: 6,
  maxModelCalls: 4,
  maxTokens: 100_000,
  wallClockMs: 10_000,
  modelTimeoutMs: 5_000,
  toolResultMaxChars: 300,
};

const facts: CopilotFacts = {
  incident: async () => ({
    incidentId: 'i',
    title: 'Disk full',
    service: 'db',
    source: 'pagerduty',
    openedAt: '2026-12-06T07:00:00Z',
    alertFields: { summary: 'x'.repeat(2000) },
    match: { runbook: null, score: null, reason: null },
  }),
  run: async () => {
    throw new Error('database unreachable');
  },
  searchRunbooks: async () => [],
  runbookStep: async () => [],
  audit: async () => [],
  classify: () => ({ level: 'safe', target: null, reasons: [] }),
  propose: async () => ({ proposalTs: '1', level: 'safe', gate: 'click' }),
};

describe('the bounded tool loop against the OpenAI-compatible fake', () => {
  let fake: OpenAiFake;
  beforeAll(async () => {
    fake = await startOpenAiFake();
  });
  afterAll(async () => fake.close());
  beforeEach(() => fake.reset());

  const run = (over: Partial<TurnBudgets> = {}) =>
    runToolLoop({
      chat: createOpenAiToolChat({ apiKey: 'test', baseURL: fake.baseURL, model: 'm', maxRetries: 0 }),
      params: modulate(calm, policy),
      strictTools: policy.modes.strict.tools,
      budgets: { ...budgets, ...over },
      system: 'rules',
      user: 'question',
      toolContext: { facts, readUntrusted: false },
    });
  const toolMessages = (n: number) =>
    (fake.requests[n]!.body.messages as Array<{ role: string; content: string }>).filter((m) => m.role === 'tool');

  it('returns tool errors, malformed arguments and repeats to the model as results, and cuts long results', async () => {
    fake.enqueue(
      {
        toolCalls: [
          { name: 'get_incident', arguments: {} },
          { name: 'get_run_status', arguments: {} },
          { name: 'classify_command', arguments: { command: 42 } },
          { name: 'get_incident', arguments: {} },
        ],
      },
      { content: 'Done [E1].\nConfidence: 60%' },
    );
    const result = await run();
    expect(result.toolCalls.map((c) => c.outcome)).toEqual(['ok', 'error', 'malformed', 'refused_repeat']);
    const [incident, failed, malformed, repeat] = toolMessages(1).map((m) => m.content);
    expect(incident).toContain('characters of this result were cut to fit');
    expect(result.toolCalls[0]!.cutChars).toBeGreaterThan(1000);
    expect(failed).toBe('error: get_run_status failed: database unreachable');
    expect(malformed).toContain('error: the arguments for classify_command are invalid');
    expect(repeat).toContain('refused: you already called get_incident');
    expect(result.text).toBe('Done [E1].\nConfidence: 60%');
    expect(result.stopped).toEqual([]);
  });

  it('withdraws the tools on the last allowed model call, so it always answers', async () => {
    fake.setHandler((r) =>
      Array.isArray(r.body.tools)
        ? { toolCalls: [{ name: 'search_runbooks', arguments: { query: `q${fake.requests.length}`, limit: 1 } }] }
        : { content: 'What I have.' },
    );
    const result = await run();
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests.map((r) => Array.isArray(r.body.tools))).toEqual([true, true, true, false]);
    expect(result.stopped).toEqual(['model_calls']);
    expect(result.text).toBe('What I have.');
  });

  it('stops at the tool-call limit, refusing the calls past it', async () => {
    fake.setHandler((r) =>
      Array.isArray(r.body.tools)
        ? {
            toolCalls: [1, 2, 3, 4].map((i) => ({
              name: 'search_runbooks',
              arguments: { query: `q${fake.requests.length}-${i}`, limit: 1 },
            })),
          }
        : { content: 'Enough.' },
    );
    const result = await run({ maxToolCalls: 3 });
    expect(result.toolCalls.map((c) => c.outcome)).toEqual(['ok', 'ok', 'ok', 'refused_budget']);
    expect(result.stopped).toContain('tool_calls');
    expect(result.text).toBe('Enough.');
  });

  it('ends with the model error (no text) when the model hangs past the turn budget', async () => {
    fake.enqueue({ hang: true });
    const result = await run({ wallClockMs: 500, modelTimeoutMs: 5_000 });
    expect(result.text).toBeNull();
    expect(result.stopped).toEqual(['model_error']);
    expect(result.modelError).toMatch(/timed out/);
  });

  it('withdraws the tools once three quarters of the token budget are spent, and says so', async () => {
    fake.setHandler((r) =>
      Array.isArray(r.body.tools)
        ? {
            toolCalls: [{ name: 'search_runbooks', arguments: { query: `q${fake.requests.length}`, limit: 1 } }],
            usage: { promptTokens: 700, completionTokens: 100 },
          }
        : { content: 'Within budget.', usage: { promptTokens: 900, completionTokens: 50 } },
    );
    const result = await run({ maxTokens: 2000 });
    // 800 tokens, then 1,600 (≥ 75% of 2,000): the third call has no tools.
    expect(fake.requests.map((r) => Array.isArray(r.body.tools))).toEqual([true, true, false]);
    expect(result.stopped).toEqual(['tokens']);
    expect(result.tokens).toEqual({ input: 2300, output: 250 });
    expect(result.text).toBe('Within budget.');
  });
});
