import type { Kysely } from 'kysely';
import type { ScanVerdict } from '../../classifier/types.js';
import type { Database } from '../../db/types.js';
import { sha256Hex } from '../../lib/hashing.js';
import type { Step, StepClassification } from '../model.js';
import { updateStep } from '../repo/steps-repo.js';
import type { EngineDeps } from './deps.js';

type ClassifyDeps = Pick<EngineDeps, 'classifier' | 'clock' | 'jobs'>;

/**
 * Scans a step's exact command and, when an LLM is configured, asks for its second
 * opinion in a job of its own. Both the start of a run (every step without variables,
 * so opinions arrive in parallel) and the step being reached use this.
 * Returns the step unchanged when this exact command was already classified.
 */
export async function classifyCommand(
  deps: ClassifyDeps,
  trx: Kysely<Database>,
  step: Step,
  command: string,
): Promise<{ step: Step; opinionRequested: boolean }> {
  const commandSha256 = sha256Hex(command);
  if (step.classification?.commandSha256 === commandSha256) return { step, opinionRequested: false };
  const scanner = deps.classifier.scan(command);
  const classification: StepClassification = {
    commandSha256,
    scanner,
    llm: deps.classifier.opinion
      ? { status: 'pending', requestedAt: deps.clock.now().toISOString() }
      : { status: 'disabled' },
    merged: null,
  };
  const updated = await updateStep(trx, step, {
    command,
    command_sha256: commandSha256,
    level: scanner.level,
    target: targetOf(scanner),
    classification: JSON.stringify(classification),
  });
  return { step: updated, opinionRequested: classification.llm.status === 'pending' };
}

/** Asks for the opinion after the classification committed (jobs carry ids, never state). */
export async function requestOpinion(deps: Pick<EngineDeps, 'jobs'>, step: Step): Promise<void> {
  const sha = step.commandSha256;
  if (!sha) return;
  await deps.jobs.enqueue(
    'command.opinion',
    { tenantId: step.tenantId, stepId: step.id, commandSha256: sha },
    { jobId: `opinion__${step.id}__${sha.slice(0, 16)}` },
  );
}

/** What a 🔴 approver types: the scanner's target, else the deciding segment itself. */
export function targetOf(verdict: ScanVerdict): string | null {
  if (verdict.target) return verdict.target;
  if (verdict.level !== 'dangerous') return null;
  return verdict.deciding.segment.trim().slice(0, 120);
}
