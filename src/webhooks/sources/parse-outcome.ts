import type { z } from 'zod';
import type { AlertFacts } from '../../alerts/types.js';

/** A parser's answer: the normalised facts, or the sentence a 400 carries. */
export type ParseOutcome = { ok: true; facts: AlertFacts } | { ok: false; message: string };

export function firstIssue(error: z.ZodError): string {
  const first = error.issues[0];
  const where = first?.path.join('.') || '(root)';
  return `${where}: ${first?.message}`;
}
