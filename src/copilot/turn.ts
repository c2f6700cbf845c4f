import {
  answerMessage,
  copilotOffMessage,
  failedAnswerMessage,
  placeholderMessage,
} from '../../blocks/copilot-answer.js';
import { inTenant } from '../db/tenant-scope.js';
import type { ToolChatPort } from '../lib/llm-chat.js';
import { redactSecrets } from '../lib/redact.js';
import { type CheckedAnswer, checkAnswer } from './answer.js';
import { buildBundle, type TurnBundle } from './bundle.js';
import type { CopilotDeps } from './deps.js';
import { type LoopResult, runToolLoop, type StopReason } from './loop.js';
import { modulate } from './policy/modulate.js';
import { applyStyle, type StyledParameters } from './policy/style.js';
import { systemPrompt, userPrompt } from './prompt.js';
import { styleOf } from './repo/feedback-repo.js';
import { claimNotice, earlierQuestions, setTurn, type Turn } from './repo/turns-repo.js';
import { ambiguitiesOfThread, threadFacts } from './thread-facts.js';
import { turnSignals } from './turn-signals.js';

const UNFINISHED: Record<StopReason, string> = {
  tool_calls: 'I reached the limit of tool calls for one answer, so I may not have looked at everything.',
  model_calls: 'I reached the limit of model calls for one answer and answered with what I had.',
  tokens: 'I reached the token budget for one answer and answered with what I had.',
  time: 'I ran out of time for one answer and answered with what I had.',
  model_error: 'The model failed part-way; this answer may be incomplete.',
};

/** No LLM configured: the thread hears it once; later turns are closed quietly. */
async function answerOff(deps: CopilotDeps, turn: Turn): Promise<void> {
  const first = await inTenant(deps.db, turn.tenantId, (trx) =>
    claimNotice(trx, turn.tenantId, turn.channelId, turn.threadTs, 'copilot_off'),
  );
  if (first) await deps.chat.post({ channel: turn.channelId, threadTs: turn.threadTs, ...copilotOffMessage() });
  await inTenant(deps.db, turn.tenantId, (trx) => setTurn(trx, turn.id, { status: 'off', finished: true }));
}

async function placeholder(deps: CopilotDeps, turn: Turn): Promise<string> {
  if (turn.replyTs) return turn.replyTs; // a retried job updates the reply it already posted
  const ref = await deps.chat.post({ channel: turn.channelId, threadTs: turn.threadTs, ...placeholderMessage() });
  await inTenant(deps.db, turn.tenantId, (trx) => setTurn(trx, turn.id, { status: 'running', replyTs: ref.ts }));
  return ref.ts;
}

async function parametersFor(deps: CopilotDeps, turn: Turn, facts: ReturnType<typeof threadFacts>) {
  const [incident, run, style, earlier, ambiguities] = await Promise.all([
    facts.incident(),
    facts.run(),
    inTenant(deps.db, turn.tenantId, (trx) => styleOf(trx, turn.team)),
    inTenant(deps.db, turn.tenantId, (trx) => earlierQuestions(trx, turn, 5)),
    ambiguitiesOfThread(deps, turn),
  ]);
  const signals = turnSignals({ incident, run, ambiguities, question: turn.question, now: deps.clock.now() });
  const params = applyStyle(modulate(signals, deps.policy), style);
  return { incident, signals, params, earlier };
}

async function converse(
  deps: CopilotDeps,
  model: ToolChatPort,
  turn: Turn,
  params: StyledParameters,
  title: string | null,
  earlier: string[],
) {
  const facts = threadFacts(deps, turn);
  return runToolLoop({
    chat: model,
    params,
    strictTools: deps.policy.modes.strict.tools,
    budgets: deps.budgets,
    system: systemPrompt(params),
    user: userPrompt({
      preamble: params.preamble,
      styleInstructions: params.styleInstructions,
      question: turn.question,
      incidentTitle: title,
      earlierMessages: earlier,
    }),
    // The alert title and earlier messages are in the prompt: untrusted text is read from the start.
    toolContext: { facts, readUntrusted: title !== null || earlier.length > 0 },
  });
}

function rendered(
  turn: Turn,
  loop: LoopResult,
  params: StyledParameters,
): { answer: CheckedAnswer | null; message: ReturnType<typeof answerMessage> } {
  if (loop.text === null || (loop.text.trim() === '' && loop.modelError)) {
    return {
      answer: null,
      message: failedAnswerMessage(turn.id, `the model failed (${loop.modelError ?? 'no reply'})`),
    };
  }
  const answer = checkAnswer(redactSecrets(loop.text), loop.evidence, loop.stopped.length > 0);
  const message = answerMessage({
    turnId: turn.id,
    lines: answer.lines,
    evidence: loop.evidence,
    confidence: answer.confidence,
    capReason: answer.capReason,
    mode: loop.params.mode,
    unfinished: loop.stopped.map((s) => UNFINISHED[s]),
    maxChars: params.style.answerChars,
  });
  return { answer, message };
}

/** One turn: placeholder, signals → parameters, the bounded loop, the answer, one audit bundle. */
export async function runTurn(deps: CopilotDeps, turn: Turn): Promise<TurnBundle | null> {
  if (!deps.model) {
    await answerOff(deps, turn);
    return null;
  }
  const started = Date.now();
  const facts = threadFacts(deps, turn);
  // The placeholder appears while the turn's parameters are worked out.
  const [replyTs, { incident, signals, params, earlier }] = await Promise.all([
    placeholder(deps, turn),
    parametersFor(deps, turn, facts),
  ]);
  const loop = await converse(deps, deps.model, turn, params, incident?.title ?? null, earlier);
  const { answer, message } = rendered(turn, loop, params);
  const bundle = buildBundle({
    turnId: turn.id,
    incidentId: turn.incidentId,
    signals,
    params,
    model: deps.model.model,
    loop,
    answer,
    latencyMs: Date.now() - started,
  });
  // Recorded before it is shown: the answer's "Why?" always finds its bundle.
  await recordTurn(deps, turn, bundle, answer ? answer.lines.map((l) => l.text).join('\n') : null);
  await deps.chat.update({ channel: turn.channelId, ts: replyTs }, message);
  return bundle;
}

async function recordTurn(deps: CopilotDeps, turn: Turn, bundle: TurnBundle, answer: string | null): Promise<void> {
  await inTenant(deps.db, turn.tenantId, async (trx) => {
    await setTurn(trx, turn.id, {
      status: answer === null ? 'failed' : 'answered',
      answer: answer ?? '',
      bundle,
      finished: true,
    });
    await deps.audit.append(
      {
        tenantId: turn.tenantId,
        type: answer === null ? 'copilot.turn_failed' : 'copilot.turn_answered',
        actor: 'system:copilot',
        subject: { type: 'copilot_turn', id: turn.id },
        data: { ...bundle, askedBy: turn.userId },
      },
      trx,
    );
    for (const call of bundle.toolCalls.filter((c) => c.outcome === 'refused_not_allowed')) {
      await deps.audit.append(
        {
          tenantId: turn.tenantId,
          type: 'copilot.tool_refused',
          actor: 'system:copilot',
          subject: { type: 'copilot_turn', id: turn.id },
          data: { turnId: turn.id, tool: call.name, outcome: call.outcome, mode: bundle.params.mode },
        },
        trx,
      );
    }
  });
}

/** Something outside the loop broke (Slack, Postgres): the thread is told, never left silent. */
export async function failTurn(deps: CopilotDeps, turn: Turn, err: unknown): Promise<void> {
  const reason = redactSecrets((err as Error).message ?? String(err)).slice(0, 200);
  const message = failedAnswerMessage(turn.id, `an internal error (${reason})`);
  if (turn.replyTs) await deps.chat.update({ channel: turn.channelId, ts: turn.replyTs }, message);
  else await deps.chat.post({ channel: turn.channelId, threadTs: turn.threadTs, ...message });
  await inTenant(deps.db, turn.tenantId, (trx) => setTurn(trx, turn.id, { status: 'failed', finished: true }));
}
