import { z } from 'zod';
import type { ScanVerdict } from '../classifier/types.js';
import type { ExecutionState, StepState } from './machine.js';

/**
 * The engine's domain types, and the zod codecs of the JSON columns they are read from.
 * Rows are mapped to these at the repository boundary; nothing above it sees a row.
 */
export interface Execution {
  id: string;
  tenantId: string;
  incidentId: string | null;
  runbookVersionId: string;
  state: ExecutionState;
  channelId: string;
  threadTs: string | null;
  startedBy: string;
  governanceMode: 'strict' | 'audit';
  dryRun: boolean;
  variables: Record<string, string>;
  /** Values the alert carries for variables, with where each came from; the engineer confirms them. */
  prefill: Record<string, { value: string; source: string }>;
  /** Where the runbook forks: which option was picked, by whom, and the question's message. */
  choices: Record<string, BranchChoice>;
  version: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export const BranchChoiceCodec = z.object({
  option: z.number().int().min(0).optional(),
  by: z.string().optional(),
  /** The question's message in the thread ('posting:…' while one poster claims it). */
  messageTs: z.string().optional(),
});
export type BranchChoice = z.infer<typeof BranchChoiceCodec>;
export const ChoicesCodec = z.record(z.string(), BranchChoiceCodec);
export const PrefillCodec = z.record(z.string(), z.object({ value: z.string(), source: z.string() }));

const level = z.enum(['safe', 'caution', 'dangerous', 'unknown']);

const LlmStatus = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), requestedAt: z.string() }),
  z.object({
    status: z.literal('done'),
    level,
    confidence: z.number(),
    reasoning: z.string(),
    suggestedRollback: z.string().nullable(),
  }),
  z.object({ status: z.literal('failed'), error: z.string() }),
  z.object({ status: z.literal('disabled') }),
]);

/** The scanner's verdict is the classifier's contract; only what the engine relies on is checked. */
const Verdict = z.custom<ScanVerdict>(
  (v) =>
    typeof v === 'object' && v !== null && 'level' in v && 'deciding' in v && Array.isArray((v as ScanVerdict).reasons),
  'a scanner verdict',
);

export const StepClassificationCodec = z.object({
  commandSha256: z.string(),
  scanner: Verdict,
  llm: LlmStatus,
  merged: z.object({ level, rule: z.string() }).nullable(),
  /** The rollback command's own verdict, computed when a rollback is offered. */
  rollback: z
    .object({
      commandSha256: z.string(),
      level,
      target: z.string().nullable(),
      deciding: z.string(),
      ruleIds: z.array(z.string()),
    })
    .optional(),
});
export type StepClassification = z.infer<typeof StepClassificationCodec>;
export type LlmClassification = StepClassification['llm'];

/** What the step requires before it may run, decided when it is reached. */
export const StepRequirementsCodec = z.object({
  gate: z.enum(['auto', 'click', 'typed_confirm', 'manual']).nullable(),
  reason: z.string().nullable(),
  approverRoleRequired: z.boolean().optional(),
  /** Variables the command uses. */
  variables: z.array(z.string()).optional(),
});
export type StepRequirements = z.infer<typeof StepRequirementsCodec>;

export const VariablesCodec = z.record(z.string(), z.string());

export interface Step {
  id: string;
  tenantId: string;
  executionId: string;
  index: number;
  key: string;
  title: string;
  text: string;
  commandTemplate: string | null;
  command: string | null;
  commandSha256: string | null;
  rollbackCommand: string | null;
  level: 'safe' | 'caution' | 'dangerous' | 'unknown' | null;
  target: string | null;
  classification: StepClassification | null;
  state: StepState;
  approvalKind: 'click' | 'typed_confirm' | 'manual' | null;
  approvalRequestedAt: Date | null;
  approvalExpiresAt: Date | null;
  policy: StepRequirements | null;
  messageTs: string | null;
  editedBy: string | null;
  decidedBy: string | null;
  exitCode: number | null;
  outputTail: string | null;
  outputTruncated: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
  version: number;
}

export type StepRunKind = 'command' | 'rollback';
export type StepRunStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'not_executed'
  | 'failed'
  | 'timed_out'
  | 'lost'
  | 'cancelled';

export interface StepRun {
  id: string;
  tenantId: string;
  stepId: string;
  kind: StepRunKind;
  command: string;
  commandSha256: string;
  dryRun: boolean;
  status: StepRunStatus;
  workerId: string | null;
  heartbeatAt: Date | null;
  approvalId: string | null;
  exitCode: number | null;
  outputTail: string | null;
  outputBytes: number;
  outputTruncated: boolean;
  durationMs: number | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** Parses a JSON column with its codec; a row that does not parse is a bug worth a loud error. */
export function parseColumn<T>(codec: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = codec.safeParse(value);
  if (!parsed.success) throw new Error(`${where} does not match its schema: ${parsed.error.message}`);
  return parsed.data;
}
