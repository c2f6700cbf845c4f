import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUTHZ_TABLE, effectiveRoles, ROLES } from '../../../src/governance/authz-table.js';

describe('the authorization table', () => {
  it('is printed in docs/authorization.md exactly as the code has it', () => {
    const doc = readFileSync(new URL('../../../docs/authorization.md', import.meta.url), 'utf8');
    const block = doc.split('<!-- authz-table:start -->')[1]!.split('<!-- authz-table:end -->')[0]!;
    const rows = [...block.matchAll(/^\| `([\w.]+)` \| (\w+) \|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(AUTHZ_TABLE));
  });

  it('includes roles as documented: admin holds everything, author and approver are responders', () => {
    expect([...effectiveRoles(['admin'])].sort()).toEqual([...ROLES].sort());
    expect([...effectiveRoles(['approver'])].sort()).toEqual(['approver', 'responder', 'viewer']);
    expect([...effectiveRoles(['author'])].sort()).toEqual(['author', 'responder', 'viewer']);
    expect(effectiveRoles(['approver']).has('author')).toBe(false);
    expect(effectiveRoles(['viewer']).has('responder')).toBe(false);
    expect(effectiveRoles([]).size).toBe(0);
  });

  it('never lets a viewer change anything, and keeps the dangerous and policy actions off responders', () => {
    // A viewer may only read (see incidents, the library): every other action needs more.
    const viewerActions = Object.entries(AUTHZ_TABLE).filter(([, role]) => role === 'viewer');
    expect(viewerActions.map(([action]) => action).sort()).toEqual(['incident.read', 'runbook.read']);
    for (const action of [
      'step.approve',
      'step.confirm_dangerous',
      'runbook.raise_trust',
      'governance.switch_mode',
      'panic.off',
      'roles.manage',
    ] as const) {
      expect(effectiveRoles(['responder']).has(AUTHZ_TABLE[action])).toBe(false);
    }
  });
});
