import { describe, expect, it } from 'vitest';
import { decideGate, type GovernanceMode, type TrustLevel } from '../../../src/approvals/policy.js';
import type { RiskLevel } from '../../../src/classifier/types.js';

type Row = [GovernanceMode, TrustLevel, RiskLevel, string];
// [mode, trust, level, expected gate (kind[:approverRoleRequired])]
const TABLE: Row[] = [
  ['strict', 0, 'safe', 'click:false'],
  ['strict', 1, 'safe', 'click:false'],
  ['strict', 2, 'safe', 'click:false'],
  ['strict', 2, 'caution', 'click:true'],
  ['strict', 2, 'unknown', 'click:true'],
  ['strict', 2, 'dangerous', 'typed_confirm'],
  ['audit', 0, 'safe', 'click:false'],
  ['audit', 0, 'caution', 'click:true'],
  ['audit', 1, 'safe', 'auto'],
  ['audit', 1, 'caution', 'click:true'],
  ['audit', 1, 'unknown', 'click:true'],
  ['audit', 1, 'dangerous', 'typed_confirm'],
  ['audit', 2, 'safe', 'auto'],
  ['audit', 2, 'caution', 'click:false'],
  ['audit', 2, 'unknown', 'click:true'],
  ['audit', 2, 'dangerous', 'typed_confirm'],
];

describe('approval policy (trust gradient)', () => {
  it.each(TABLE)('%s mode, trust %s, %s → %s', (governanceMode, trustLevel, level, expected) => {
    const gate = decideGate({ level, hasCommand: true, trustLevel, governanceMode });
    const shown = gate.kind === 'click' ? `click:${gate.approverRoleRequired}` : gate.kind;
    expect(shown).toBe(expected);
    expect(gate.reason.length).toBeGreaterThan(10);
  });

  it('never lets dangerous or unknown run without a human, in any mode or trust level', () => {
    for (const governanceMode of ['strict', 'audit'] as const) {
      for (const trustLevel of [0, 1, 2] as const) {
        for (const level of ['dangerous', 'unknown'] as const) {
          expect(decideGate({ level, hasCommand: true, trustLevel, governanceMode }).kind).not.toBe('auto');
        }
        expect(decideGate({ level: 'caution', hasCommand: true, trustLevel, governanceMode }).kind).not.toBe('auto');
      }
    }
  });

  it('asks a person to mark a step without a command done', () => {
    expect(decideGate({ level: null, hasCommand: false, trustLevel: 2, governanceMode: 'audit' }).kind).toBe('manual');
  });
});
