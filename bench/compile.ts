/**
 * Runbook compiler benchmark: `npx tsx bench/compile.ts` prints one JSON object.
 * - deterministic: compileRunbook over the 108 real runbooks in test/fixtures/shared/runbooks-real,
 *   warmed up first, 5 rounds, per-runbook times pooled; the shell-parse cache is emptied
 *   before each compile so no round profits from the one before.
 * - llmFake: the full LLM path (request, schema parse, check against the source) against
 *   the OpenAI-compatible fake started in-process, answering with a plausible extraction
 *   (the deterministic result, restated as the model's schema).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAiLlm } from '../src/lib/llm.js';
import { clearShellParseCache } from '../src/runbooks/compile/shell/parser.js';
import {
  type CompiledRunbook,
  compileRunbook,
  compileWithLlm,
  type LlmRunbook,
  normalise,
} from '../src/runbooks/index.js';
import { startOpenAiFake } from '../test/fakes/openai-fake.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'test/fixtures/shared/runbooks-real');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return markdownFiles(full);
    return entry.endsWith('.md') ? [full] : [];
  });
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[index] ?? 0);
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** What a well-behaved model would answer: the deterministic result in the LLM schema. */
function asExtraction(runbook: CompiledRunbook): LlmRunbook {
  const number = new Map(runbook.steps.map((s) => [s.id, s.order]));
  return {
    title: runbook.title,
    summary: runbook.summary,
    steps: runbook.steps.map((s) => ({
      title: s.title,
      text: s.text,
      command: s.command,
      language: s.language,
      section: s.section,
      rollback: s.rollback,
    })),
    // A model restates what the text says; implied prerequisites are the product's own.
    prerequisites: runbook.prerequisites
      .filter((p) => !p.implied)
      .map((p) => ({ text: p.text, kind: p.kind, command: p.command })),
    branches: runbook.branches.map((b) => ({
      fromStep: b.fromStepId ? number.get(b.fromStepId)! : 1,
      condition: b.condition,
      thenSteps: b.thenStepIds.map((id) => number.get(id)!),
      elseSteps: b.elseStepIds.map((id) => number.get(id)!),
    })),
    ambiguities: runbook.ambiguities.map((a) => ({
      step: a.stepId ? number.get(a.stepId)! : null,
      text: a.text,
      question: a.question,
    })),
  };
}

async function main(): Promise<void> {
  const files = markdownFiles(corpus).sort();
  const texts = files.map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));

  // Deterministic path.
  for (let i = 0; i < 3; i++) for (const { text, file } of texts) compileRunbook(text, { fileName: file });
  const deterministic: number[] = [];
  let steps = 0;
  let commands = 0;
  for (let round = 0; round < 5; round++) {
    for (const { text, file } of texts) {
      clearShellParseCache(); // each compile parses its commands afresh, as a new runbook would
      const start = performance.now();
      const runbook = compileRunbook(text, { fileName: file });
      deterministic.push(performance.now() - start);
      if (round === 0) {
        steps += runbook.steps.length;
        commands += runbook.steps.filter((s) => s.command).length;
      }
    }
  }
  deterministic.sort((a, b) => a - b);

  // Full LLM path against the in-process fake.
  const answers = new Map<string, LlmRunbook>();
  for (const { text, file } of texts)
    answers.set(normalise(text).markdown, asExtraction(compileRunbook(text, { fileName: file })));
  const fake = await startOpenAiFake();
  fake.setHandler((request) => {
    const messages = request.body.messages as Array<{ role: string; content: string }>;
    const answer = answers.get(messages.find((m) => m.role === 'user')?.content ?? '');
    return answer ? { json: answer } : { status: 500, message: 'bench: unknown runbook', shouldRetry: false };
  });
  const llm = createOpenAiLlm({
    apiKey: 'bench',
    baseURL: fake.baseURL,
    model: 'bench',
    timeoutMs: 5000,
    maxRetries: 0,
  });
  const llmTimes: number[] = [];
  let usedLlm = 0;
  try {
    for (const { text, file } of texts.slice(0, 10)) await compileWithLlm(llm, text, { fileName: file }); // warm-up
    for (const { text, file } of texts) {
      clearShellParseCache();
      const start = performance.now();
      const runbook = await compileWithLlm(llm, text, { fileName: file });
      llmTimes.push(performance.now() - start);
      if (runbook.compiler === 'llm') usedLlm += 1;
    }
  } finally {
    await fake.close();
  }
  llmTimes.sort((a, b) => a - b);

  process.stdout.write(
    `${JSON.stringify({
      benchmark: 'compile',
      runbooks: texts.length,
      steps,
      commands,
      deterministic: {
        p50Ms: percentile(deterministic, 50),
        p95Ms: percentile(deterministic, 95),
        maxMs: round(deterministic[deterministic.length - 1] ?? 0),
      },
      llmFake: { p50Ms: percentile(llmTimes, 50), p95Ms: percentile(llmTimes, 95), usedLlm },
    })}\n`,
  );
}

await main();
