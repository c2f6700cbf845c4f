import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { inTenant } from '../../../src/db/tenant-scope.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';
import { opsFor, recordingChat, tempDir } from './ops-fixture.js';

const TENANT = 'T0SLOTEAM';
const MIN = 60_000;

/** Audit events at chosen times, inserted as the owner (the chain trigger still links them). */
async function events(
  t: TestDatabase,
  rows: Array<{ at: Date; type: string; subject: [string, string]; data?: object }>,
) {
  const c = new pg.Client({ connectionString: t.ownerUrl });
  await c.connect();
  try {
    for (const r of rows.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      await c.query(
        `insert into audit_events (tenant_id, occurred_at, event_type, actor, subject_type, subject_id, data)
         values ($1, $2, $3, 'system:test', $4, $5, $6)`,
        [TENANT, r.at, r.type, r.subject[0], r.subject[1], JSON.stringify(r.data ?? {})],
      );
    }
  } finally {
    await c.end();
  }
}

describe('SLO burn-rate guard and digests', () => {
  let t: TestDatabase;
  const now = Date.now();
  const incidentId = randomUUID();
  beforeAll(async () => {
    t = await createTestDatabase();
    const c = new pg.Client({ connectionString: t.ownerUrl });
    await c.connect();
    await c.query(`insert into workspaces (tenant_id, team_name, governance_mode) values ($1, 'SLO team', 'audit')`, [
      TENANT,
    ]);
    await c.end();
    // Ten alerts in the last five minutes: half announced in 2 s, half a minute late.
    const rows: Parameters<typeof events>[1] = [];
    for (let i = 0; i < 10; i += 1) {
      const alertId = randomUUID();
      const received = new Date(now - 5 * MIN + i * 10_000);
      const delay = i % 2 === 0 ? 2_000 : 90_000;
      rows.push({ at: received, type: 'alert.received', subject: ['alert', alertId] });
      const id = i === 0 ? incidentId : randomUUID();
      rows.push({
        at: new Date(received.getTime() + delay),
        type: 'incident.opened',
        subject: ['incident', id],
        data: { alertId },
      });
    }
    const executionId = randomUUID();
    rows.push({
      at: new Date(now - 4 * MIN),
      type: 'execution.started',
      subject: ['execution', executionId],
      data: { incidentId },
    });
    rows.push({ at: new Date(now - 2 * MIN), type: 'execution.step_approved', subject: ['step', 's1'] });
    rows.push({ at: new Date(now - 2 * MIN + 1000), type: 'execution.step_started', subject: ['step', 's1'] });
    rows.push({ at: new Date(now - 1 * MIN), type: 'execution.step_failed', subject: ['step', 's1'] });
    rows.push({ at: new Date(now - 30_000), type: 'execution.completed', subject: ['execution', executionId] });
    await events(t, rows);
  });
  afterAll(async () => t.drop());

  it('posts once when the announcement budget burns fast and switches the workspace to strict, audited', async () => {
    const chat = recordingChat();
    const o = await opsFor(t, { dir: tempDir('slo'), chat, env: { SLO_GUARD_STRICT: 'true' } });
    try {
      const reports = await o.ops.slo.guard();
      const announce = reports.find((r) => r.slo === 'announce_latency' && r.tenantId === TENANT)!;
      expect(announce.windows.long_fast).toEqual({ good: 5, total: 10 });
      expect(announce.status).toBe('fast_burn');
      expect(reports.find((r) => r.slo === 'step_start_latency')!.status).toBe('ok');
      expect(chat.posts.map((p) => p.text)).toEqual([
        `🔥 SLO announce_latency in ${TENANT}: error budget burning 50.0× too fast`,
      ]);
      expect(JSON.stringify(chat.posts[0]!.blocks)).toContain('Governance switched to *strict*');
      const workspace = await inTenant(t.db, TENANT, (trx) =>
        trx
          .selectFrom('workspaces')
          .select('governance_mode')
          .where('tenant_id', '=', TENANT)
          .executeTakeFirstOrThrow(),
      );
      expect(workspace.governance_mode).toBe('strict');
      const audit = await inTenant(t.db, TENANT, (trx) =>
        createAuditLog(trx).list({ tenantId: TENANT, types: ['governance.mode_changed', 'ops.slo_guard_engaged'] }),
      );
      expect(audit.map((e) => [e.type, e.actor])).toEqual([
        ['governance.mode_changed', 'system:slo-guard'],
        ['ops.slo_guard_engaged', 'system:slo-guard'],
      ]);

      await o.ops.slo.guard();
      expect(chat.posts).toHaveLength(1);
    } finally {
      await o.close();
    }
  });

  it('the digest counts the day: incidents, runs, approvals, failures, MTTR, SLOs, backups and drills', async () => {
    const o = await opsFor(t, { dir: tempDir('digest') });
    try {
      const { view, message } = await o.ops.digest.build(TENANT, 'SLO team', 'day');
      expect(view.activity).toEqual({
        incidents: 10,
        runsStarted: 1,
        runsCompleted: 1,
        runsAborted: 0,
        approvals: 1,
        stepFailures: 1,
        mttrMs: expect.any(Number),
      });
      expect(view.activity.mttrMs! / 1000).toBeCloseTo((4.5 * MIN - 2000) / 1000, 0);
      expect(view.slos.find((s) => s.slo === 'announce_latency')).toMatchObject({ attained: 0.5 });
      expect(view.backup).toEqual({ newestId: null, ageMs: null, verified: null, count: 0 });
      expect(message.text).toBe('📰 Daily digest for SLO team: 10 incident(s), 1 run(s), 1 step failure(s)');
      expect(JSON.stringify(message.blocks)).toContain('no backup yet');
    } finally {
      await o.close();
    }
  });
});
