import { classifyCommand } from './classify-command.js';
import { getIncident } from './get-incident.js';
import { getRunStatus } from './get-run-status.js';
import { getRunbook } from './get-runbook.js';
import { proposeStep } from './propose-step.js';
import { queryAudit } from './query-audit.js';
import { searchRunbooks } from './search-runbooks.js';
import type { CopilotTool } from './tool.js';

/** Every tool the copilot has. The policy's allowlist picks from these names only. */
export const TOOLS: readonly CopilotTool[] = [
  searchRunbooks,
  getIncident,
  getRunStatus,
  classifyCommand,
  proposeStep,
  queryAudit,
  getRunbook,
];

export const TOOL_NAMES = TOOLS.map((t) => t.name);

export function toolNamed(name: string): CopilotTool | undefined {
  return TOOLS.find((t) => t.name === name);
}

export type { CopilotTool, ToolContext, ToolResult } from './tool.js';
export { parametersOf } from './tool.js';
