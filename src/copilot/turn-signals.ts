import { type RiskLevel, SEVERITY } from '../classifier/types.js';
import type { IncidentFacts, RunFacts } from './facts.js';
import { computeSignals, type SignalInputs, type Signals } from './policy/signals.js';

const LEVELS: RiskLevel[] = ['safe', 'caution', 'dangerous', 'unknown'];

/** The alert's urgency or severity, wherever its source put it. */
export function severityOf(incident: IncidentFacts | null): string | null {
  if (!incident) return null;
  const entry = Object.entries(incident.alertFields).find(([k]) => /(^|\.)(urgency|severity)$/i.test(k));
  return typeof entry?.[1] === 'string' ? entry[1] : null;
}

export function highestLevel(run: RunFacts | null): RiskLevel | null {
  const levels = (run?.steps ?? []).map((s) => s.level).filter((l): l is RiskLevel => LEVELS.includes(l as RiskLevel));
  return levels.reduce<RiskLevel | null>(
    (worst, l) => (worst === null || SEVERITY[l] > SEVERITY[worst] ? l : worst),
    null,
  );
}

export function signalInputs(input: {
  incident: IncidentFacts | null;
  run: RunFacts | null;
  ambiguities: number;
  question: string;
  now: Date;
}): SignalInputs {
  const steps = input.run?.steps ?? [];
  return {
    severity: severityOf(input.incident),
    highestLevel: highestLevel(input.run),
    openApprovals: steps.filter((s) => s.state === 'awaiting_approval').length,
    failedSteps: steps.filter((s) =>
      ['failed', 'timed_out', 'rollback_failed', 'manual_intervention'].includes(s.state),
    ).length,
    ambiguities: input.ambiguities,
    minutesSinceAlert: input.incident
      ? Math.max(0, (input.now.getTime() - Date.parse(input.incident.openedAt)) / 60_000)
      : null,
    message: input.question,
  };
}

export function turnSignals(input: Parameters<typeof signalInputs>[0]): Signals {
  return computeSignals(signalInputs(input));
}
