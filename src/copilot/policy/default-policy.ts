/**
 * The shipped copilot policy (YAML). COPILOT_POLICY_FILE replaces it with an operator's
 * file, validated by the same schema; docs/copilot.md explains every key.
 */
export const DEFAULT_POLICY_YAML = `# Runbook Copilot: how risk signals shape the copilot (docs/copilot.md)
version: "2026-12-06.1"

# Precedence: a rule in strictWhen wins; then the weighted score; otherwise balanced.
strictWhen:
  - { signal: riskSoFar, atLeast: 0.75 }
  - { signal: failures, atLeast: 0.5 }
  - { signal: openApprovals, atLeast: 0.5 }
strictScore:
  weights: { urgency: 0.3, riskSoFar: 0.2, openApprovals: 0.1, failures: 0.1, ambiguity: 0.1, timePressure: 0.1, stress: 0.1 }
  atLeast: 0.6

modes:
  strict:
    temperature: 0.1
    maxOutputTokens: 700
    reasoningEffort: high
    # strict: read-only tools and propose_step only
    tools: [get_incident, get_run_status, get_runbook, search_runbooks, classify_command, propose_step]
    preamble: >-
      Risk is high. Prefer reading the run and the runbook over guessing. Propose a step only
      when the evidence points to it, and say what it changes.
  balanced:
    temperature: 0.3
    maxOutputTokens: 900
    reasoningEffort: medium
    tools: [get_incident, get_run_status, get_runbook, search_runbooks, classify_command, query_audit, propose_step]
    preamble: >-
      Help the engineer understand the incident and the run, and suggest what to look at next.

# Stress and time pressure cool the temperature and shorten answers, within the clamps.
pressure:
  coolBy: 0.5
  shortenBy: 0.4
clamps:
  temperature: { min: 0, max: 0.7 }
  maxOutputTokens: { min: 200, max: 1500 }
`;
