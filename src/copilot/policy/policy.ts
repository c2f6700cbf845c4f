import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SIGNAL_NAMES } from './signals.js';

/** The policy file's shape. A file that does not fit is refused at start, naming the key. */
const signal = z.enum(SIGNAL_NAMES);
const unit = z.number().min(0).max(1);
const modeSettings = z
  .object({
    temperature: z.number().min(0).max(2),
    maxOutputTokens: z.number().int().min(50).max(32_000),
    reasoningEffort: z.enum(['low', 'medium', 'high']).nullable().default(null),
    tools: z.array(z.string().min(1)).min(1),
    preamble: z.string().max(2000).default(''),
  })
  .strict();

export const POLICY_SCHEMA = z
  .object({
    version: z.string().min(1),
    strictWhen: z.array(z.object({ signal, atLeast: unit }).strict()).default([]),
    strictScore: z
      .object({ weights: z.partialRecord(signal, unit), atLeast: unit })
      .strict()
      .default({ weights: {}, atLeast: 1 }),
    modes: z.object({ strict: modeSettings, balanced: modeSettings }).strict(),
    pressure: z.object({ coolBy: unit, shortenBy: unit }).strict().default({ coolBy: 0, shortenBy: 0 }),
    clamps: z
      .object({
        temperature: z.object({ min: z.number().min(0), max: z.number().max(2) }).strict(),
        maxOutputTokens: z.object({ min: z.number().int().min(50), max: z.number().int().max(32_000) }).strict(),
      })
      .strict(),
  })
  .strict();

export type CopilotPolicy = z.infer<typeof POLICY_SCHEMA>;

export class PolicyError extends Error {
  override name = 'PolicyError';
}

/**
 * Parses and checks a policy. Beyond the schema: every tool named exists, and strict mode
 * lists only read-only tools and propose_step (`writeTools` are the tools that are not).
 */
export function parsePolicy(yamlText: string, known: { tools: string[]; notReadOnly: string[] }): CopilotPolicy {
  const parsed = POLICY_SCHEMA.safeParse(parseYaml(yamlText));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new PolicyError(`copilot policy: ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  const policy = parsed.data;
  for (const mode of ['strict', 'balanced'] as const) {
    const unknown = policy.modes[mode].tools.filter((t) => !known.tools.includes(t));
    if (unknown.length)
      throw new PolicyError(`copilot policy: modes.${mode}.tools: unknown tool ${unknown.join(', ')}`);
  }
  const unsafe = policy.modes.strict.tools.filter((t) => known.notReadOnly.includes(t) && t !== 'propose_step');
  if (unsafe.length) throw new PolicyError(`copilot policy: modes.strict.tools: not read-only: ${unsafe.join(', ')}`);
  return policy;
}
