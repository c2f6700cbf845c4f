import { readFileSync } from 'node:fs';
import { TOOLS } from '../tools/index.js';
import { DEFAULT_POLICY_YAML } from './default-policy.js';
import { type CopilotPolicy, parsePolicy } from './policy.js';

const KNOWN = { tools: TOOLS.map((t) => t.name), notReadOnly: TOOLS.filter((t) => !t.readOnly).map((t) => t.name) };

/** The operator's policy file (COPILOT_POLICY_FILE) or the shipped one; a bad file stops the start. */
export function loadCopilotPolicy(file: string | undefined): CopilotPolicy {
  return parsePolicy(file ? readFileSync(file, 'utf8') : DEFAULT_POLICY_YAML, KNOWN);
}

export function parseCopilotPolicy(yamlText: string): CopilotPolicy {
  return parsePolicy(yamlText, KNOWN);
}
