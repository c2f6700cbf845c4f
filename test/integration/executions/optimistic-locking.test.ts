import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { insertExecution, insertRun, listSteps, setRunStatus, updateStep } from '../../../src/executions/repo.js';
import { isDomainError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import { createRunbookService } from '../../../src/runbooks/service.js';
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
      audit: createAuditLog(t.db),
      logger: silentLogger(),
      compile: compileRunbook,
    });
    versionId = (await runbooks.addVersion({ tenantId: 'T1', text: RUNBOOK, sourceKind: 'http', createdBy: 'test' }))
      .version.id;
  });
  afterAll(async () => t.drop());

  async function newStep() {
    const execution = await insertExecution(
      t.db,
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
    );
    return (await listSteps(t.db, execution.id))[0]!;
  }

  it('refuses a step update made from a stale read (optimistic lock), so two clicks cannot both win', async () => {
    const step = await newStep();
    const first = await updateStep(t.db, step, { state: 'ready' });
    expect(first.version).toBe(step.version + 1);
    const second = await updateStep(t.db, step, { state: 'skipped' }).catch((e: unknown) => e);
    expect(isDomainError(second, 'stale_state')).toBe(true);
    expect((await listSteps(t.db, step.executionId))[0]!.state).toBe('ready');
  });

  it('lets exactly one of many concurrent workers claim a run', async () => {
    const step = await newStep();
    const runId = await insertRun(t.db, {
      tenantId: 'T1',
      stepId: step.id,
      kind: 'command',
      command: 'kubectl rollout restart deploy/api',
      commandSha256: 'a'.repeat(64),
      dryRun: true,
      approvalId: null,
    });
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        setRunStatus(t.db, runId, 'queued', { status: 'running', workerId: `w${i}`, startedAt: new Date() }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const row = await t.db
      .selectFrom('step_runs')
      .select(['status', 'worker_id'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('running');
    expect(row.worker_id).toBe(`w${claims.indexOf(true)}`);
  });
});
