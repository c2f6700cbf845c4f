import type { WhyView } from '../../blocks/copilot-why.js';
import type { CheckedAnswer } from './answer.js';
import type { LoopResult } from './loop.js';
import type { Signals } from './policy/signals.js';
import type { StyledParameters } from './policy/style.js';

/**
 * One turn's audit bundle: the signals, the parameters computed from them, the policy
 * version, the model, every tool call (redacted arguments, outcome), tokens and latency.
 * Stored on the turn (for the "Why?" modal) and written once to the audit log.
 */
export interface TurnBundle {
  turnId: string;
  incidentId: string | null;
  signals: Signals;
  params: StyledParameters;
  /** The parameters at the end of the turn (a refused tool tightens them). */
  finalMode: 'strict' | 'balanced';
  finalTools: string[];
  policyVersion: string;
  model: string;
  toolCalls: LoopResult['toolCalls'];
  modelCalls: number;
  tokens: LoopResult['tokens'];
  stopped: LoopResult['stopped'];
  modelError: string | null;
  confidence: number | null;
  capReason: string | null;
  latencyMs: number;
}

export function buildBundle(input: {
  turnId: string;
  incidentId: string | null;
  signals: Signals;
  params: StyledParameters;
  model: string;
  loop: LoopResult;
  answer: CheckedAnswer | null;
  latencyMs: number;
}): TurnBundle {
  return {
    turnId: input.turnId,
    incidentId: input.incidentId,
    signals: input.signals,
    params: input.params,
    finalMode: input.loop.params.mode,
    finalTools: input.loop.params.tools,
    policyVersion: input.params.policyVersion,
    model: input.model,
    toolCalls: input.loop.toolCalls,
    modelCalls: input.loop.modelCalls,
    tokens: input.loop.tokens,
    stopped: input.loop.stopped,
    modelError: input.loop.modelError,
    confidence: input.answer?.confidence ?? null,
    capReason: input.answer?.capReason ?? null,
    latencyMs: input.latencyMs,
  };
}

export function whyViewOf(bundle: TurnBundle): WhyView {
  return {
    signals: bundle.signals,
    params: {
      mode:
        bundle.finalMode === bundle.params.mode ? bundle.params.mode : `${bundle.params.mode} → ${bundle.finalMode}`,
      temperature: bundle.params.temperature,
      maxOutputTokens: bundle.params.maxOutputTokens,
      tools: bundle.finalTools,
      because: bundle.params.because,
    },
    policyVersion: bundle.policyVersion,
    model: bundle.model,
    toolCalls: bundle.toolCalls.map((c) => ({
      name: c.name,
      arguments: c.arguments,
      outcome: c.outcome,
      evidenceId: c.evidenceId,
    })),
    tokens: bundle.tokens,
    latencyMs: bundle.latencyMs,
    stopped: bundle.modelError ? [...bundle.stopped, `model error: ${bundle.modelError}`] : bundle.stopped,
    style: bundle.params.style,
  };
}
