import type { RiskLevel } from '../../classifier/types.js';

/**
 * Risk signals, each in [0, 1], computed per turn from what the product knows. They feed
 * the policy (modulate.ts); every turn's audit bundle records them.
 */
export const SIGNAL_NAMES = [
  'urgency',
  'riskSoFar',
  'openApprovals',
  'failures',
  'ambiguity',
  'timePressure',
  'stress',
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];
export type Signals = Record<SignalName, number>;

export interface SignalInputs {
  /** The alert's severity or urgency as sent (PagerDuty urgency, Alertmanager severity…). */
  severity: string | null;
  /** The highest level among the run's steps so far; null without a run. */
  highestLevel: RiskLevel | null;
  openApprovals: number;
  failedSteps: number;
  /** Open questions the compiler left in the runbook. */
  ambiguities: number;
  minutesSinceAlert: number | null;
  message: string;
}

const SEVERITY_WORDS: Array<[RegExp, number]> = [
  [/^(critical|crit|p1|sev1|sev-1|high|page|emergency|fatal)$/i, 1],
  [/^(error|major|p2|sev2|sev-2)$/i, 0.75],
  [/^(warning|warn|medium|p3|sev3|sev-3)$/i, 0.5],
  [/^(low|minor|info|informational|p4|p5|sev4|sev5)$/i, 0.2],
];

const LEVEL_RISK: Record<RiskLevel, number> = { safe: 0, caution: 0.5, unknown: 0.75, dangerous: 1 };

// Words an engineer under pressure writes; each one found adds to the signal.
const STRESS_WORDS =
  /\b(asap|urgent|urgently|help|hurry|quick(ly)?|now|down|outage|broken|panic|emergency|customers?|revenue|wtf|please)\b|!{2,}/gi;

export const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

export function severitySignal(severity: string | null): number {
  if (!severity) return 0.5; // unknown severity is not low severity
  const hit = SEVERITY_WORDS.find(([re]) => re.test(severity.trim()));
  return hit ? hit[1] : 0.5;
}

export function stressSignal(message: string): number {
  const hits = message.match(STRESS_WORDS)?.length ?? 0;
  const shouting = message.length >= 12 && message === message.toUpperCase() && /[A-Z]/.test(message) ? 1 : 0;
  return clamp01(hits * 0.25 + shouting * 0.5);
}

export function computeSignals(input: SignalInputs): Signals {
  return {
    urgency: severitySignal(input.severity),
    riskSoFar: input.highestLevel ? LEVEL_RISK[input.highestLevel] : 0,
    openApprovals: clamp01(input.openApprovals / 2),
    failures: clamp01(input.failedSteps / 2),
    ambiguity: clamp01(input.ambiguities / 3),
    // Pressure builds over the first hour of an incident.
    timePressure: input.minutesSinceAlert === null ? 0 : clamp01(input.minutesSinceAlert / 60),
    stress: stressSignal(input.message),
  };
}
