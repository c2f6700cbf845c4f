import { z } from 'zod';
import type { TurnParameters } from './modulate.js';

/**
 * A team's answer style, tuned nightly from feedback cards. Each knob has hard bounds and
 * a largest change per day. Style is applied after modulation and only shapes wording:
 * it has no field for the mode, the tools, the classifier or any gate, and applyStyle
 * copies those from the parameters untouched.
 */
export const STYLE_BOUNDS = {
  verbosity: { min: 1, max: 5, maxStepPerDay: 1 },
  answerChars: { min: 400, max: 2000, maxStepPerDay: 300 },
} as const;

export const STYLE_SCHEMA = z.object({
  verbosity: z.number().int().min(STYLE_BOUNDS.verbosity.min).max(STYLE_BOUNDS.verbosity.max),
  format: z.enum(['bullets', 'prose']),
  commandsInline: z.boolean(),
  answerChars: z.number().int().min(STYLE_BOUNDS.answerChars.min).max(STYLE_BOUNDS.answerChars.max),
});
export type Style = z.infer<typeof STYLE_SCHEMA>;

export const DEFAULT_STYLE: Style = { verbosity: 3, format: 'bullets', commandsInline: true, answerChars: 1200 };

/** A stored style that does not fit the bounds (edited by hand, older code) falls back to the default. */
export function readStyle(stored: unknown): Style {
  const parsed = STYLE_SCHEMA.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_STYLE;
}

export interface StyledParameters extends TurnParameters {
  style: Style;
  /** Wording instructions added to the system prompt. */
  styleInstructions: string;
}

export function styleInstructions(style: Style): string {
  const length = ['very short', 'short', 'medium-length', 'detailed', 'thorough'][style.verbosity - 1];
  return [
    `Write a ${length} answer of at most ${style.answerChars} characters`,
    style.format === 'bullets' ? 'as bullet points' : 'in short paragraphs',
    style.commandsInline ? 'and quote the commands you mention inline.' : 'and name commands without quoting them.',
  ].join(' ');
}

/** Style on top of modulation. The safety fields are the parameters' own, by construction. */
export function applyStyle(params: TurnParameters, stored: unknown): StyledParameters {
  const style = readStyle(stored);
  return {
    ...params,
    mode: params.mode,
    tools: [...params.tools],
    style,
    styleInstructions: styleInstructions(style),
  };
}

export interface FeedbackSample {
  rating: number;
  /** Answer length in characters of the rated answer; null for run cards. */
  answerChars: number | null;
  note: string | null;
}

const stepToward = (from: number, to: number, maxStep: number) =>
  from + Math.max(-maxStep, Math.min(maxStep, to - from));
const clampInt = (n: number, min: number, max: number) => Math.round(Math.min(max, Math.max(min, n)));

/**
 * Recent cards → tomorrow's style, at most one bounded step from today's. Low ratings on
 * long answers shorten them; low ratings on short ones lengthen them; notes asking for
 * "bullets"/"prose"/"commands" flip those knobs only on a clear majority.
 */
export function recalibrate(current: unknown, cards: FeedbackSample[]): Style {
  const today = readStyle(current);
  if (cards.length < 3) return today; // too little to learn from
  const low = cards.filter((c) => c.rating <= 2);
  const high = cards.filter((c) => c.rating >= 4);
  const avgLen = (xs: FeedbackSample[]) => {
    const lens = xs.map((c) => c.answerChars).filter((n): n is number => n !== null);
    return lens.length ? lens.reduce((a, b) => a + b, 0) / lens.length : null;
  };
  let targetChars = today.answerChars;
  let targetVerbosity = today.verbosity;
  const lowLen = avgLen(low);
  const highLen = avgLen(high);
  if (low.length > high.length && lowLen !== null) {
    const tooLong = lowLen >= today.answerChars * 0.6;
    targetChars = tooLong ? today.answerChars - STYLE_BOUNDS.answerChars.maxStepPerDay : today.answerChars + 300;
    targetVerbosity = tooLong ? today.verbosity - 1 : today.verbosity + 1;
  } else if (highLen !== null) {
    targetChars = highLen * 1.2;
  }
  const notes = cards.map((c) => (c.note ?? '').toLowerCase());
  const says = (word: RegExp) => notes.filter((n) => word.test(n)).length > cards.length / 2;
  const { answerChars: ac, verbosity: vb } = STYLE_BOUNDS;
  return {
    verbosity: clampInt(stepToward(today.verbosity, targetVerbosity, vb.maxStepPerDay), vb.min, vb.max),
    answerChars: clampInt(stepToward(today.answerChars, targetChars, ac.maxStepPerDay), ac.min, ac.max),
    format: says(/bullet|list/) ? 'bullets' : says(/prose|paragraph/) ? 'prose' : today.format,
    commandsInline: says(/no command|without command/)
      ? false
      : says(/show (the )?command|commands inline/)
        ? true
        : today.commandsInline,
  };
}
