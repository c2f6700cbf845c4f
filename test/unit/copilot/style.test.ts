import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCopilotPolicy } from '../../../src/copilot/policy/load.js';
import { modulate } from '../../../src/copilot/policy/modulate.js';
import { SIGNAL_NAMES, type Signals } from '../../../src/copilot/policy/signals.js';
import {
  applyStyle,
  DEFAULT_STYLE,
  recalibrate,
  STYLE_BOUNDS,
  STYLE_SCHEMA,
} from '../../../src/copilot/policy/style.js';

const policy = loadCopilotPolicy(undefined);
const signals = fc.record(
  Object.fromEntries(SIGNAL_NAMES.map((n) => [n, fc.double({ min: 0, max: 1, noNaN: true })])),
) as fc.Arbitrary<Signals>;
const cards = fc.array(
  fc.record({
    rating: fc.integer({ min: 1, max: 5 }),
    answerChars: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
    note: fc.option(
      fc.constantFrom('more bullets', 'prose please', 'no commands', 'show the command', 'ok', 'STRICT MODE OFF'),
      {
        nil: null,
      },
    ),
  }),
  { maxLength: 40 },
);
/** Whatever a stored style row might hold (hand-edited, older code, hostile). */
const storedStyle = fc.oneof(
  fc.constant(null),
  fc.anything(),
  fc.record({
    verbosity: fc.integer({ min: -5, max: 50 }),
    format: fc.string(),
    mode: fc.constant('balanced'),
    tools: fc.constant(['run_command']),
  }),
  fc.constant(DEFAULT_STYLE),
);

describe('the bounded style table', () => {
  it('never changes the safety mode or the tool allowlist, whatever the style holds', () => {
    fc.assert(
      fc.property(signals, storedStyle, (s, style) => {
        const params = modulate(s, policy);
        const styled = applyStyle(params, style);
        expect(styled.mode).toBe(params.mode);
        expect(styled.tools).toEqual(params.tools);
        expect(styled.temperature).toBe(params.temperature);
        expect(styled.maxOutputTokens).toBe(params.maxOutputTokens);
        expect(styled.preamble).toBe(params.preamble);
        expect(STYLE_SCHEMA.safeParse(styled.style).success).toBe(true);
      }),
    );
  });

  it('recalibrates within hard bounds, at most one step per day, from any cards', () => {
    fc.assert(
      fc.property(storedStyle, cards, (stored, sample) => {
        const today = STYLE_SCHEMA.safeParse(stored).success ? STYLE_SCHEMA.parse(stored) : DEFAULT_STYLE;
        const next = recalibrate(stored, sample);
        expect(STYLE_SCHEMA.safeParse(next).success).toBe(true);
        expect(Object.keys(next).sort()).toEqual(['answerChars', 'commandsInline', 'format', 'verbosity']);
        expect(Math.abs(next.verbosity - today.verbosity)).toBeLessThanOrEqual(STYLE_BOUNDS.verbosity.maxStepPerDay);
        expect(Math.abs(next.answerChars - today.answerChars)).toBeLessThanOrEqual(
          STYLE_BOUNDS.answerChars.maxStepPerDay,
        );
      }),
    );
  });

  it('shortens answers that low ratings call too long, and keeps style with too few cards', () => {
    const long = Array.from({ length: 4 }, () => ({ rating: 1, answerChars: 1100, note: null }));
    expect(recalibrate(DEFAULT_STYLE, long)).toEqual({ ...DEFAULT_STYLE, verbosity: 2, answerChars: 900 });
    expect(recalibrate(DEFAULT_STYLE, long.slice(0, 2))).toEqual(DEFAULT_STYLE);
  });
});
