import type { RiskLevel } from '../classifier/types.js';

/**
 * Who must do what before a step runs. Pure: level, trust and governance mode in,
 * a gate out. docs/decisions/0101-trust-gradient.md explains each row.
 */
export type TrustLevel = 0 | 1 | 2;
export type GovernanceMode = 'strict' | 'audit';

export type Gate =
  /** Runs without a click (audited as auto-approved). */
  | { kind: 'auto'; reason: string }
  /** One Approve click; `approverRoleRequired` false lets any engineer in the thread click. */
  | { kind: 'click'; approverRoleRequired: boolean; reason: string }
  /** 🔴: a second person (not the one who started the run), holding the approver role, types the target. */
  | { kind: 'typed_confirm'; reason: string }
  /** No command: a person marks the instruction done. */
  | { kind: 'manual'; reason: string };

export interface PolicyInput {
  level: RiskLevel | null;
  hasCommand: boolean;
  trustLevel: TrustLevel;
  governanceMode: GovernanceMode;
}

export function decideGate(input: PolicyInput): Gate {
  if (!input.hasCommand || input.level === null) {
    return { kind: 'manual', reason: 'an instruction without a command: a person marks it done' };
  }
  switch (input.level) {
    case 'dangerous':
      return { kind: 'typed_confirm', reason: '🔴 dangerous: a second person types the target to confirm' };
    case 'unknown':
      return {
        kind: 'click',
        approverRoleRequired: true,
        reason: '⬜ unknown: the scanner could not prove what this does, so an approver must read it',
      };
    case 'caution':
      if (input.governanceMode === 'audit' && input.trustLevel === 2) {
        return { kind: 'click', approverRoleRequired: false, reason: '🟡 caution at trust level 2: one click' };
      }
      return { kind: 'click', approverRoleRequired: true, reason: '🟡 caution: an approver approves' };
    case 'safe':
      if (input.governanceMode === 'strict') {
        return { kind: 'click', approverRoleRequired: false, reason: 'strict mode: every step needs a human' };
      }
      if (input.trustLevel === 0) {
        return { kind: 'click', approverRoleRequired: false, reason: 'trust level 0: every step needs a human' };
      }
      return { kind: 'auto', reason: `🟢 safe at trust level ${input.trustLevel} in audit mode: runs by itself` };
  }
}
