import type { CopilotPolicy } from './policy.js';
import { SIGNAL_NAMES, type Signals } from './signals.js';

export type SafetyMode = 'strict' | 'balanced';

/** What one turn runs with. Pure output of (signals, policy); the audit bundle keeps it. */
export interface TurnParameters {
  mode: SafetyMode;
  temperature: number;
  maxOutputTokens: number;
  reasoningEffort: 'low' | 'medium' | 'high' | null;
  tools: string[];
  preamble: string;
  policyVersion: string;
  /** Why the mode was chosen, in words. */
  because: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

function chooseMode(signals: Signals, policy: CopilotPolicy): { mode: SafetyMode; because: string } {
  const rule = policy.strictWhen.find((r) => signals[r.signal] >= r.atLeast);
  if (rule) return { mode: 'strict', because: `${rule.signal} ${round2(signals[rule.signal])} ≥ ${rule.atLeast}` };
  const score = SIGNAL_NAMES.reduce((sum, name) => sum + (policy.strictScore.weights[name] ?? 0) * signals[name], 0);
  if (score >= policy.strictScore.atLeast) {
    return { mode: 'strict', because: `weighted score ${round2(score)} ≥ ${policy.strictScore.atLeast}` };
  }
  return {
    mode: 'balanced',
    because: `no strict rule and weighted score ${round2(score)} < ${policy.strictScore.atLeast}`,
  };
}

/**
 * Signals → parameters. Precedence: a `strictWhen` rule, then the weighted score, else
 * balanced. Pressure (the larger of stress and time pressure) cools the temperature and
 * shortens answers; the clamps apply last.
 */
export function modulate(signals: Signals, policy: CopilotPolicy): TurnParameters {
  const { mode, because } = chooseMode(signals, policy);
  const settings = policy.modes[mode];
  const pressure = Math.max(signals.stress, signals.timePressure);
  const temperature = clamp(
    settings.temperature * (1 - policy.pressure.coolBy * pressure),
    policy.clamps.temperature.min,
    policy.clamps.temperature.max,
  );
  const maxOutputTokens = clamp(
    Math.round(settings.maxOutputTokens * (1 - policy.pressure.shortenBy * pressure)),
    policy.clamps.maxOutputTokens.min,
    policy.clamps.maxOutputTokens.max,
  );
  return {
    mode,
    temperature: round2(temperature),
    maxOutputTokens,
    reasoningEffort: settings.reasoningEffort,
    tools: [...settings.tools],
    preamble: settings.preamble,
    policyVersion: policy.version,
    because,
  };
}

/** After a refused tool call: strict for the rest of the turn, never wider than before. */
export function tighten(current: TurnParameters, policy: CopilotPolicy): TurnParameters {
  const strictTools = new Set(policy.modes.strict.tools);
  return {
    ...current,
    mode: 'strict',
    tools: current.tools.filter((t) => strictTools.has(t)),
    because: `${current.because}; tightened after a refused tool call`,
  };
}
