import { describe, expect, it } from 'vitest';
import { type ApprovalRequest, createApprovalService } from '../../../src/approvals/service.js';

const TENANT = 'T0FOUREYES';
const dangerous: ApprovalRequest = {
  kind: 'typed_confirm',
  approverRoleRequired: true,
  rollback: false,
  command: 'kubectl delete namespace payments',
  commandSha256: 'a'.repeat(64),
  target: 'payments',
  level: 'dangerous',
};
const runbook = { title: 'Drain a node', approvers: [], createdBy: 'system:files' };

/** Roles are not the question here: everyone holds them; only who they are matters. */
const approvals = createApprovalService({
  authz: { require: async () => undefined, requireRunbookApprover: async () => undefined },
  clock: { now: () => new Date() },
  approvalTtlMs: 600_000,
});

const confirm = (userId: string, editedBy: string | null) =>
  approvals.assertMayApprove({ tenantId: TENANT, userId }, dangerous, { startedBy: 'U0STARTER', editedBy, runbook });

describe('🔴 needs a second person', () => {
  it('refuses the engineer who started the run', async () => {
    await expect(confirm('U0STARTER', null)).rejects.toMatchObject({ code: 'same_person' });
  });

  it('refuses whoever wrote the dangerous command by editing it: nobody else would have read it', async () => {
    await expect(confirm('U0EDITOR', 'U0EDITOR')).rejects.toMatchObject({
      code: 'same_person',
      message: expect.stringContaining('you edited this command'),
    });
  });

  it('lets a third person confirm an edited command', async () => {
    await expect(confirm('U0THIRD', 'U0EDITOR')).resolves.toBeUndefined();
  });
});
