import { z } from 'zod';

/**
 * Every value the product puts in a button or a modal's private_metadata, with the codec
 * that writes it (block builders) and reads it back (listeners). A value the product did
 * not write does not parse, and the action is refused.
 */
const uuid = z.string().uuid();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const CODECS = {
  /** A step's buttons and its modals: the step and the binding of what the message showed. */
  step: z.object({ s: uuid, b: sha256 }).strict(),
  /** Where a runbook forks: the run, the branch and the option picked. */
  choice: z.object({ e: uuid, k: z.string().min(1).max(64), o: z.number().int().min(0).max(25) }).strict(),
  /** ▶ Start and "Use: …": the incident and the runbook version offered. */
  start: z.object({ i: uuid, r: uuid }).strict(),
  /** Open, in a storm summary: the incident to give its own message. */
  incident: z.object({ i: uuid }).strict(),
  /** A copilot answer's buttons: the turn (and the rating pressed). */
  turn: z.object({ t: uuid }).strict(),
  rate: z.object({ t: uuid, r: z.number().int().min(1).max(5) }).strict(),
  /** A copilot proposal card: start it as a one-step run. */
  proposal: z.object({ p: uuid }).strict(),
  /** The end-of-run card and its note modal: the run and the rating. */
  runRate: z.object({ e: uuid, r: z.number().int().min(1).max(5) }).strict(),
  /** A confirmed admin change (mode switch, runbook lock): what exactly was confirmed. */
  governance: z.discriminatedUnion('k', [
    z.object({ k: z.literal('mode'), m: z.enum(['strict', 'audit']) }).strict(),
    z
      .object({
        k: z.literal('lock'),
        slug: z.string().min(1).max(120),
        on: z.boolean(),
        why: z.string().max(300).nullable(),
      })
      .strict(),
    z.object({ k: z.literal('panic'), on: z.boolean(), why: z.string().max(300).nullable() }).strict(),
    z
      .object({
        k: z.literal('revoke'),
        p: z.enum(['user', 'usergroup']),
        id: z.string().min(2).max(40),
        role: z.enum(['viewer', 'responder', 'author', 'approver', 'admin']),
      })
      .strict(),
  ]),
} as const;

export type CodecName = keyof typeof CODECS;
export type CodecValue<N extends CodecName> = z.infer<(typeof CODECS)[N]>;

export function encodeValue<N extends CodecName>(name: N, value: CodecValue<N>): string {
  return JSON.stringify(CODECS[name].parse(value));
}

/** Null when the value is not one this product wrote (a forged or foreign payload). */
export function decodeValue<N extends CodecName>(name: N, raw: string | undefined | null): CodecValue<N> | null {
  if (!raw) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = CODECS[name].safeParse(json);
  return parsed.success ? (parsed.data as CodecValue<N>) : null;
}
