import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from '../../../src/copilot/policy/default-policy.js';
import { loadCopilotPolicy, parseCopilotPolicy } from '../../../src/copilot/policy/load.js';
import { modulate } from '../../../src/copilot/policy/modulate.js';
import { computeSignals, SIGNAL_NAMES, type Signals } from '../../../src/copilot/policy/signals.js';

const policy = loadCopilotPolicy(undefined);
const calm = (over: Partial<Signals> = {}): Signals => ({
  ...(Object.fromEntries(SIGNAL_NAMES.map((n) => [n, 0])) as Signals),
  ...over,
});
const STRICT_TOOLS = [
  'get_incident',
  'get_run_status',
  'get_runbook',
  'search_runbooks',
  'classify_command',
  'propose_step',
];

describe('signals → parameters (the shipped policy)', () => {
  it.each([
    {
      name: 'calm',
      signals: calm(),
      mode: 'balanced',
      temperature: 0.3,
      tokens: 900,
      because: /weighted score 0 < 0.6/,
    },
    {
      name: 'a dangerous step in the run',
      signals: calm({ riskSoFar: 1 }),
      mode: 'strict',
      temperature: 0.1,
      tokens: 700,
      because: /riskSoFar 1 ≥ 0.75/,
    },
    {
      name: 'a failed step',
      signals: calm({ failures: 0.5 }),
      mode: 'strict',
      temperature: 0.1,
      tokens: 700,
      because: /failures/,
    },
    {
      name: 'an open approval',
      signals: calm({ openApprovals: 0.5 }),
      mode: 'strict',
      temperature: 0.1,
      tokens: 700,
      because: /openApprovals/,
    },
    {
      name: 'caution step only',
      signals: calm({ riskSoFar: 0.5 }),
      mode: 'balanced',
      temperature: 0.3,
      tokens: 900,
      because: /score 0.1 </,
    },
    {
      name: 'urgent, ambiguous, late and stressed: the score tips it',
      signals: calm({ urgency: 1, ambiguity: 1, timePressure: 1, stress: 1, riskSoFar: 0.5 }),
      mode: 'strict',
      temperature: 0.05,
      tokens: 420,
      because: /weighted score 0.7 ≥ 0.6/,
    },
    {
      name: 'stress cools and shortens',
      signals: calm({ stress: 1 }),
      mode: 'balanced',
      temperature: 0.15,
      tokens: 540,
      because: /score 0.1 </,
    },
    {
      name: 'half an hour in',
      signals: calm({ timePressure: 0.5 }),
      mode: 'balanced',
      temperature: 0.22,
      tokens: 720,
      because: /score 0.05 </,
    },
  ])('$name', ({ signals, mode, temperature, tokens, because }) => {
    const p = modulate(signals, policy);
    expect(p.mode).toBe(mode);
    expect(p.temperature).toBe(temperature);
    expect(p.maxOutputTokens).toBe(tokens);
    expect(p.because).toMatch(because);
    expect(p.tools).toEqual(
      mode === 'strict' ? STRICT_TOOLS : expect.arrayContaining([...STRICT_TOOLS, 'query_audit']),
    );
    expect(p.policyVersion).toBe(policy.version);
  });

  it('clamps what the modes ask for', () => {
    const wide = parseCopilotPolicy(
      DEFAULT_POLICY_YAML.replace('temperature: 0.3', 'temperature: 1.5').replace(
        'maxOutputTokens: 900',
        'maxOutputTokens: 9000',
      ),
    );
    const p = modulate(calm(), wide);
    expect(p.temperature).toBe(0.7);
    expect(p.maxOutputTokens).toBe(1500);
  });
});

describe('the policy file', () => {
  it('refuses a strict mode that lists a tool that is not read-only', () => {
    expect(() =>
      parseCopilotPolicy(
        DEFAULT_POLICY_YAML.replace('tools: [get_incident, get_run_status', 'tools: [run_anything, get_run_status'),
      ),
    ).toThrow(/modes.strict.tools: unknown tool run_anything/);
  });
  it('names the key that does not fit', () => {
    expect(() => parseCopilotPolicy(DEFAULT_POLICY_YAML.replace('coolBy: 0.5', 'coolBy: 3'))).toThrow(
      /pressure.coolBy/,
    );
    expect(() => parseCopilotPolicy(DEFAULT_POLICY_YAML.replace('signal: failures', 'signal: vibes'))).toThrow(
      /strictWhen.1.signal/,
    );
  });
});

describe('risk signals from what the product knows', () => {
  it('reads severity, the run, the clock and the words', () => {
    const s = computeSignals({
      severity: 'high',
      highestLevel: 'dangerous',
      openApprovals: 1,
      failedSteps: 3,
      ambiguities: 0,
      minutesSinceAlert: 30,
      message: 'URGENT customers are down, help asap!!',
    });
    expect(s).toEqual({
      urgency: 1,
      riskSoFar: 1,
      openApprovals: 0.5,
      failures: 1,
      ambiguity: 0,
      timePressure: 0.5,
      stress: 1,
    });
  });
  it('treats an unknown severity as medium, not low', () => {
    expect(
      computeSignals({
        severity: null,
        highestLevel: null,
        openApprovals: 0,
        failedSteps: 0,
        ambiguities: 0,
        minutesSinceAlert: null,
        message: 'what is this?',
      }),
    ).toEqual({ urgency: 0.5, riskSoFar: 0, openApprovals: 0, failures: 0, ambiguity: 0, timePressure: 0, stress: 0 });
  });
});
