import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/copilot/answer.js';

const evidence = [
  { id: 'E1', tool: 'get_incident', label: 'alert' },
  { id: 'E2', tool: 'get_run_status', label: 'run' },
];

describe('an answer checked by code', () => {
  it('keeps cited claims, labels the rest hypotheses, and caps the confidence', () => {
    const a = checkAnswer(
      'Disk is full [E1].\nStep 2 failed [E2].\nProbably a log storm.\nConfidence: 95%',
      evidence,
      false,
    );
    expect(a.lines.map((l) => [l.text, l.hypothesis])).toEqual([
      ['Disk is full [E1].', false],
      ['Step 2 failed [E2].', false],
      ['Probably a log storm.', true],
    ]);
    expect(a.confidence).toBe(0.75);
    expect(a.capReason).toBe('some claims are hypotheses');
  });
  it('drops citations of evidence the turn never gathered', () => {
    const a = checkAnswer('It is DNS [E7].\nConfidence: 90%', evidence, false);
    expect(a.lines).toEqual([{ text: 'It is DNS.', cites: [], hypothesis: true }]);
    expect(a.confidence).toBe(0.3);
  });
  it('caps a turn that stopped at a limit', () => {
    expect(checkAnswer('A [E1].\nB [E2].\nConfidence: 90%', evidence, true).confidence).toBe(0.5);
    expect(checkAnswer('A [E1].\nB [E2].', evidence, false).confidence).toBe(0.5);
  });
});
