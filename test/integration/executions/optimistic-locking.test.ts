import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { insertExecution } from '../../../src/executions/repo/executions-repo.js';
import { insertRun, setRunStatus } from '../../../src/executions/repo/step-runs-repo.js';
import { listSteps, updateStep } from '../../../src/executions/repo/steps-repo.js';
import { isDomainError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import { createRunbookService } from '../../../src/runbooks/service.js';
import { testAuthorizer } from '../../support/authz.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const RUNBOOK = `---
title: Locking drill
---

1. Restart the api:

   \`\`\`bash
   kubectl rollout restart deploy/api -n payments
   \`\`\`
`;

describe('what Postgres guarantees the execution engine', () => {
  let t: TestDatabase;
  let versionId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const runbooks = createRunbookService({
      db: t.db,
      authz: testAuthorizer(t.db),
      audit: createAuditLog(t.db),
      logger: silentLogger(),
      compile: compileRunbook,
    });
    const published = await runbooks.publish({
      tenantId: 'T1',
      text: RUNBOOK,
      sourceKind: 'http',
      publisher: { kind: 'token', name: 'test', role: 'author' },
    });
    versionId = published.version.id;
  });
  afterAll(async () => t.drop());

  const inT1 = <T>(fn: Parameters<typeof inTenant<T>>[2]) => inTenant(t.db, 'T1', fn);

  async function newStep() {
    const execution = await inT1((trx) =>
      insertExecution(
        trx,
        {
          tenantId: 'T1',
          incidentId: null,
          runbookVersionId: versionId,
          channelId: 'C1',
          threadTs: null,
          startedBy: 'U1',
          governanceMode: 'strict',
          dryRun: true,
          variables: {},
          prefill: {},
        },
        [
          {
            key: 's1',
            title: 'Restart',
            text: '',
            commandTemplate: 'kubectl rollout restart deploy/api',
            rollbackCommand: null,
          },
        ],
      ),
    );
    return (await inT1((trx) => listSteps(trx, execution.id)))[0]!;
  }

  it('refuses a step update made from a stale read (optimistic lock), so two clicks cannot both win', async () => {
    const step = await newStep();
    const first = await inT1((trx) => updateStep(trx, step, { state: 'ready' }));
    expect(first.version).toBe(step.version + 1);
    const second = await inT1((trx) => updateStep(trx, step, { state: 'skipped' })).catch((e: unknown) => e);
    expect(isDomainError(second, 'stale_state')).toBe(true);
    expect((await inT1((trx) => listSteps(trx, step.executionId)))[0]!.state).toBe('ready');
  });

  it('lets exactly one of many concurrent workers claim a run', async () => {
    const step = await newStep();
    const runId = await inT1((trx) =>
      insertRun(trx, {
        tenantId: 'T1',
        stepId: step.id,
        kind: 'command',
        command: 'kubectl rollout restart deploy/api',
        commandSha256: 'a'.repeat(64),
        dryRun: true,
        approvalId: null,
      }),
    );
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inT1((trx) =>
          setRunStatus(trx, runId, 'queued', { status: 'running', workerId: `w${i}`, startedAt: new Date() }),
        ),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const row = await inT1((trx) =>
      trx.selectFrom('step_runs').select(['status', 'worker_id']).where('id', '=', runId).executeTakeFirstOrThrow(),
    );
    expect(row.status).toBe('running');
    expect(row.worker_id).toBe(`w${claims.indexOf(true)}`);
  });
});
