import { canonicalJson } from '../lib/hashing.js';
import type { ChatReply, ChatToolCall, ChatTurnMessage, ToolChatPort } from '../lib/llm-chat.js';
import { redactSecrets } from '../lib/redact.js';
import type { Evidence } from './answer.js';
import type { TurnParameters } from './policy/modulate.js';
import { type CopilotTool, parametersOf, type ToolContext, toolNamed } from './tools/index.js';
import { toolResultBlock } from './untrusted.js';

/** Hard limits of one turn (config: COPILOT_*). */
export interface TurnBudgets {
  maxToolCalls: number;
  maxModelCalls: number;
  /** Input + output tokens over the whole turn. */
  maxTokens: number;
  wallClockMs: number;
  modelTimeoutMs: number;
  /** A tool result longer than this (characters) is cut, with a note. */
  toolResultMaxChars: number;
}

export type ToolOutcome = 'ok' | 'error' | 'refused_not_allowed' | 'refused_repeat' | 'refused_budget' | 'malformed';

export interface ToolCallRecord {
  name: string;
  /** Redacted arguments as the model sent them. */
  arguments: string;
  outcome: ToolOutcome;
  evidenceId: string | null;
  detail: string | null;
  cutChars: number;
  ms: number;
}

export type StopReason = 'tool_calls' | 'model_calls' | 'tokens' | 'time' | 'model_error';

export interface LoopResult {
  /** The model's final words; null when no model call succeeded. */
  text: string | null;
  evidence: Evidence[];
  toolCalls: ToolCallRecord[];
  modelCalls: number;
  tokens: { input: number; output: number };
  /** Limits that shaped the answer (empty when the model finished on its own). */
  stopped: StopReason[];
  modelError: string | null;
  /** The parameters the turn ended with (tightened after a refused tool). */
  params: TurnParameters;
  ms: number;
}

export interface LoopInput {
  chat: ToolChatPort;
  params: TurnParameters;
  /** Strict allowlist: a refused call narrows the turn to it. */
  strictTools: string[];
  budgets: TurnBudgets;
  system: string;
  user: string;
  toolContext: ToolContext;
  now?: () => number;
}

interface LoopState {
  input: LoopInput;
  messages: ChatTurnMessage[];
  result: LoopResult;
  seen: Set<string>;
  started: number;
  now: () => number;
}

function toolDefinitions(names: string[]) {
  return names.flatMap((name) => {
    const tool = toolNamed(name);
    return tool ? [{ name: tool.name, description: tool.description, parameters: parametersOf(tool) }] : [];
  });
}

/** Whether the next model call must be the last: tools are then withdrawn so it answers. */
function lastCall(state: LoopState): StopReason | null {
  const { budgets } = state.input;
  const r = state.result;
  if (r.modelCalls + 1 >= budgets.maxModelCalls) return 'model_calls';
  if (r.toolCalls.length >= budgets.maxToolCalls) return 'tool_calls';
  if (r.tokens.input + r.tokens.output >= budgets.maxTokens * 0.75) return 'tokens';
  if (state.now() - state.started >= budgets.wallClockMs * 0.75) return 'time';
  return null;
}

/**
 * The bounded tool loop. It always ends with words from the model (tools withdrawn on the
 * last allowed call) or, when the model fails, with no text and the error: never a throw.
 */
export async function runToolLoop(input: LoopInput): Promise<LoopResult> {
  const now = input.now ?? Date.now;
  const state: LoopState = {
    input,
    now,
    started: now(),
    seen: new Set(),
    messages: [
      { role: 'system', content: input.system },
      { role: 'user', content: input.user },
    ],
    result: {
      text: null,
      evidence: [],
      toolCalls: [],
      modelCalls: 0,
      tokens: { input: 0, output: 0 },
      stopped: [],
      modelError: null,
      params: input.params,
      ms: 0,
    },
  };
  await converse(state);
  state.result.ms = now() - state.started;
  return state.result;
}

async function converse(state: LoopState): Promise<void> {
  const { result, input } = state;
  for (;;) {
    const limit = lastCall(state);
    if (limit && !result.stopped.includes(limit)) result.stopped.push(limit);
    const remainingMs = input.budgets.wallClockMs - (state.now() - state.started);
    if (remainingMs <= 0 || result.tokens.input + result.tokens.output >= input.budgets.maxTokens) {
      if (!result.stopped.includes(remainingMs <= 0 ? 'time' : 'tokens'))
        result.stopped.push(remainingMs <= 0 ? 'time' : 'tokens');
      return;
    }
    const reply = await callModel(state, limit !== null, Math.min(input.budgets.modelTimeoutMs, remainingMs));
    if (!reply) return;
    if (reply.toolCalls.length === 0 || limit) {
      result.text = reply.content ?? '';
      return;
    }
    state.messages.push({ role: 'assistant', content: reply.content, toolCalls: reply.toolCalls });
    for (const call of reply.toolCalls) {
      const content = await answerToolCall(state, call);
      state.messages.push({ role: 'tool', toolCallId: call.id, content });
    }
  }
}

async function callModel(state: LoopState, last: boolean, timeoutMs: number): Promise<ChatReply | null> {
  const { params } = state.result;
  state.result.modelCalls += 1;
  try {
    const reply = await state.input.chat.complete({
      messages: state.messages,
      tools: last ? [] : toolDefinitions(params.tools),
      temperature: params.temperature,
      maxOutputTokens: params.maxOutputTokens,
      reasoningEffort: params.reasoningEffort,
      timeoutMs,
    });
    state.result.tokens.input += reply.usage.inputTokens;
    state.result.tokens.output += reply.usage.outputTokens;
    return reply;
  } catch (err) {
    state.result.modelError = (err as Error).message;
    state.result.stopped.push('model_error');
    return null;
  }
}

function record(state: LoopState, call: ChatToolCall, fields: Partial<ToolCallRecord> & { outcome: ToolOutcome }) {
  state.result.toolCalls.push({
    name: call.name.slice(0, 64),
    arguments: redactSecrets(call.arguments).slice(0, 500),
    evidenceId: null,
    detail: null,
    cutChars: 0,
    ms: 0,
    ...fields,
  });
}

/** One tool call → the text the model reads back. Refusals and errors are results, never throws. */
async function answerToolCall(state: LoopState, call: ChatToolCall): Promise<string> {
  const { result, input } = state;
  if (result.toolCalls.length >= input.budgets.maxToolCalls) {
    record(state, call, { outcome: 'refused_budget' });
    return `refused: the limit of ${input.budgets.maxToolCalls} tool calls for this turn is reached; answer with what you have.`;
  }
  const tool = toolNamed(call.name);
  if (!tool || !result.params.tools.includes(call.name)) {
    record(state, call, { outcome: 'refused_not_allowed', detail: `mode ${result.params.mode}` });
    // A call outside the allowlist is a warning sign: the rest of the turn runs strict.
    result.params = {
      ...result.params,
      mode: 'strict',
      tools: result.params.tools.filter((t) => input.strictTools.includes(t)),
      because: `${result.params.because}; tightened after a refused call to ${call.name.slice(0, 64)}`,
    };
    return `refused: ${call.name.slice(0, 64)} is not a tool you may use now. The turn is now in strict mode.`;
  }
  return runAllowedTool(state, call, tool);
}

async function runAllowedTool(state: LoopState, call: ChatToolCall, tool: CopilotTool): Promise<string> {
  const parsedJson = safeJson(call.arguments);
  const args = parsedJson.ok ? tool.schema.safeParse(parsedJson.value) : null;
  if (!args?.success) {
    const why = parsedJson.ok ? (args?.error.issues[0]?.message ?? 'invalid') : 'not JSON';
    record(state, call, { outcome: 'malformed', detail: why });
    return `error: the arguments for ${tool.name} are invalid (${why}); check the schema.`;
  }
  const key = `${tool.name}:${canonicalJson(args.data)}`;
  if (state.seen.has(key)) {
    record(state, call, { outcome: 'refused_repeat' });
    return `refused: you already called ${tool.name} with these arguments; use the earlier result.`;
  }
  state.seen.add(key);
  const started = state.now();
  try {
    const out = await tool.run(args.data, state.input.toolContext);
    if (out.untrusted) state.input.toolContext.readUntrusted = true;
    const evidenceId = `E${state.result.evidence.length + 1}`;
    state.result.evidence.push({ id: evidenceId, tool: tool.name, label: out.label });
    const block = toolResultBlock(evidenceId, tool.name, out.data, resultCap(state));
    record(state, call, { outcome: 'ok', evidenceId, cutChars: block.cut, ms: state.now() - started });
    return block.text;
  } catch (err) {
    const message = redactSecrets((err as Error).message).slice(0, 300);
    record(state, call, { outcome: 'error', detail: message, ms: state.now() - started });
    return `error: ${tool.name} failed: ${message}`;
  }
}

/**
 * A result may take at most the configured size and at most a quarter of what is left of
 * the turn's token budget (about 4 characters a token), so one big result cannot crowd out the rest.
 */
function resultCap(state: LoopState): number {
  const { budgets } = state.input;
  const used = state.result.tokens.input + state.result.tokens.output;
  const shareChars = Math.floor(((budgets.maxTokens - used) * 4) / 4);
  return Math.max(200, Math.min(budgets.toolResultMaxChars, shareChars));
}

function safeJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
