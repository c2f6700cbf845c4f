import { z } from 'zod';
import type { CopilotFacts } from '../facts.js';

/**
 * One tool the model may call: its arguments' schema (zod, also sent to the model as JSON
 * Schema) and what it does. `readOnly` tools only read; `propose_step` is the one that
 * asks for something (a card a person must act on), and it is never "run".
 */
export interface ToolContext {
  facts: CopilotFacts;
  /** True once the turn has read alert, runbook, output or audit text. */
  readUntrusted: boolean;
}

export interface ToolResult {
  /** What the model reads (JSON-able). */
  data: unknown;
  /** How the answer names this evidence ("alert fields", "step 2 of …"). */
  label: string;
  /** The result carries text from outside the product (alert, runbook, output). */
  untrusted: boolean;
}

export interface CopilotTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  readOnly: boolean;
  schema: S;
  run(args: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}

export function defineTool<S extends z.ZodType>(tool: CopilotTool<S>): CopilotTool {
  return tool as unknown as CopilotTool;
}

/** The JSON Schema the model sees for a tool's arguments. */
export function parametersOf(tool: CopilotTool): Record<string, unknown> {
  const schema = z.toJSONSchema(tool.schema, { target: 'draft-7' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}
