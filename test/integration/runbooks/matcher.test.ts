import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confidenceLabel } from '../../../blocks/runbook-matched.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { proposalRunbook } from '../../../src/copilot/start-proposal.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import { MIN_MATCH_SCORE } from '../../../src/runbooks/matcher.js';
import { createRunbookService, PROPOSAL_SLUG_PREFIX, type RunbookService } from '../../../src/runbooks/service.js';
import { testAuthorizer } from '../../support/authz.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SAMPLES = path.join(REPO, 'runbooks');
const PROMETHEUS_OPERATOR = path.join(REPO, 'test/fixtures/runbooks/prometheus-operator');
const REAL = [
  'KubePodCrashLooping.md',
  'KubePersistentVolumeFillingUp.md',
  'KubeletDown.md',
  'NodeFileDescriptorLimit.md',
  'etcdBackendQuotaLowSpace.md',
];
const TENANT_A = 'T0ALPHA';
const TENANT_B = 'T0BRAVO';

/** Tenant B's own crash-loop runbook: same alert name as one of tenant A's, different team. */
const BRAVO_CRASHLOOP = `---
title: Bravo checkout pods restarting
services: [checkout]
alerts: [KubePodCrashLooping]
---

# Bravo checkout pods restarting

## Diagnosis

1. List the checkout pods: \`kubectl -n checkout get pods\`
`;

describe('matching alerts to the library (real Postgres full-text search)', () => {
  let t: TestDatabase;
  let runbooks: RunbookService;
  const titleOf = new Map<string, string>();

  const match = (title: string, service: string | null = null, tenant = TENANT_A) =>
    runbooks.match(tenant, { title, service, keywords: [] });

  beforeAll(async () => {
    t = await createTestDatabase();
    runbooks = createRunbookService({
      db: t.db,
      authz: testAuthorizer(t.db),
      audit: createAuditLog(t.db),
      logger: silentLogger(),
      compile: (text, options) => compileRunbook(text, options),
    });
    const samples = await runbooks.syncFolder(TENANT_A, SAMPLES);
    expect(samples.loaded).toHaveLength(7);
    const real = mkdtempSync(path.join(os.tmpdir(), 'rbc-matcher-'));
    for (const file of REAL) copyFileSync(path.join(PROMETHEUS_OPERATOR, file), path.join(real, file));
    expect((await runbooks.syncFolder(TENANT_A, real)).loaded).toHaveLength(REAL.length);
    rmSync(real, { recursive: true, force: true });

    const bravo = mkdtempSync(path.join(os.tmpdir(), 'rbc-matcher-b-'));
    writeFileSync(path.join(bravo, 'checkout-crashloop.md'), BRAVO_CRASHLOOP);
    expect((await runbooks.syncFolder(TENANT_B, bravo)).loaded).toEqual(['checkout-crashloop.md']);
    rmSync(bravo, { recursive: true, force: true });

    for (const tenant of [TENANT_A, TENANT_B]) {
      for (const v of await runbooks.listLatest(tenant)) titleOf.set(v.id, v.title);
    }
  });
  afterAll(async () => t.drop());

  it('picks the crash-looping runbook for a PagerDuty title that names KubePodCrashLooping, with high confidence', async () => {
    const result = await match('[FIRING:1] KubePodCrashLooping payments/api-xyz');
    expect(result.best).toMatchObject({
      title: 'Pod is crash looping',
      score: 0.9,
      reason: 'alert name “KubePodCrashLooping” is a key of this runbook',
      stepCount: 11,
    });
    expect(confidenceLabel(result.best!.score)).toBe('high');
    expect(titleOf.get(result.best!.versionId)).toBe('Pod is crash looping');

    const withService = await match('[FIRING:1] KubePodCrashLooping payments/api-xyz', 'kubernetes');
    expect(withService.best).toMatchObject({ title: 'Pod is crash looping', score: 1 });
  });

  it('matches on the service alone when the alert does not name a known alert', async () => {
    const result = await match('Error budget burn on the cache tier', 'redis');
    expect(result.best?.title).toBe('Redis memory high');
    expect(result.best!.reason).toMatch(/^service “redis” matches/);
    expect(result.best!.score).toBeGreaterThanOrEqual(0.5);
    expect(result.best!.score).toBeLessThan(0.9); // below any alert-name match

    const postgres = await match('Replication slot inactive', 'postgres');
    expect(postgres.best).toMatchObject({ title: 'Postgres connections exhausted' });
    expect(postgres.best!.reason).toMatch(/^service “postgres” matches/);
  });

  it('finds a runbook by full-text search when nothing else matches, and says so', async () => {
    const result = await match('disk almost full on /var');
    expect(result.best).toMatchObject({
      title: 'Disk nearly full on a node',
      reason: 'the alert text is similar to this runbook (full-text search)',
    });
    expect(result.best!.score).toBeGreaterThanOrEqual(MIN_MATCH_SCORE);
    expect(confidenceLabel(result.best!.score)).toBe('low');

    // A real, front-matter-less runbook from prometheus-operator is found through its title.
    const kubelet = await match('Kubelet down on node ip-10-0-1-2');
    expect(kubelet.best).toMatchObject({
      title: 'Kubelet Down',
      reason: 'the alert text is similar to this runbook (full-text search)',
    });

    const tls = await match('TLS certificate for shop.example.com expires in 5 days');
    expect(tls.best?.title).toBe('TLS certificate expiring soon');
  });

  it('orders the runners-up by score and never repeats the best among them', async () => {
    const result = await match('Kubelet down on node ip-10-0-1-2');
    expect(result.best?.title).toBe('Kubelet Down');
    expect(result.runnersUp.length).toBeGreaterThan(0);
    expect(result.runnersUp.length).toBeLessThanOrEqual(3);
    const scores = [result.best!.score, ...result.runnersUp.map((r) => r.score)];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.runnersUp.map((r) => r.versionId)).not.toContain(result.best!.versionId);
    expect(new Set(result.runnersUp.map((r) => r.versionId)).size).toBe(result.runnersUp.length);
    for (const r of result.runnersUp) {
      expect(r.score).toBeGreaterThanOrEqual(MIN_MATCH_SCORE);
      expect(titleOf.get(r.versionId)).toBe(r.title);
    }
    // The node-level runbooks are the plausible alternatives here.
    expect(result.runnersUp[0]!.title).toBe('Disk nearly full on a node');
  });

  it.each(['Payment gateway returns HTTP 500 errors', 'Something weird happened', 'Weekly report generation finished'])(
    'offers no runbook for “%s” rather than a wrong one',
    async (title) => {
      expect(await match(title)).toEqual({ best: null, runnersUp: [] });
    },
  );

  it('keeps tenants apart: a runbook of tenant A is never offered to tenant B', async () => {
    const bravo = await match('[FIRING:1] KubePodCrashLooping payments/api-xyz', null, TENANT_B);
    expect(bravo.best).toMatchObject({ title: 'Bravo checkout pods restarting', score: 0.9 });
    expect(bravo.runnersUp).toEqual([]);

    // Text and service matches that tenant A's library would answer find nothing in tenant B's.
    expect(await match('disk almost full on /var', 'redis', TENANT_B)).toEqual({ best: null, runnersUp: [] });
    expect(await match('Kubelet down on node ip-10-0-1-2', null, TENANT_B)).toEqual({ best: null, runnersUp: [] });

    // And the other way round: tenant B's runbook never shows up for tenant A.
    const alpha = await match('[FIRING:1] KubePodCrashLooping checkout', 'checkout');
    const offered = [alpha.best, ...alpha.runnersUp].map((c) => c?.title);
    expect(offered).not.toContain('Bravo checkout pods restarting');
    expect(alpha.best?.title).toBe('Pod is crash looping');

    // A workspace with no runbooks at all gets nothing.
    expect(await match('[FIRING:1] KubePodCrashLooping', 'kubernetes', 'T0EMPTY')).toEqual({
      best: null,
      runnersUp: [],
    });
  });

  it('matches against the newest version only', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rbc-matcher-v-'));
    try {
      const v1 = BRAVO_CRASHLOOP;
      const v2 = BRAVO_CRASHLOOP.replace('alerts: [KubePodCrashLooping]', 'alerts: [CheckoutPodRestarting]');
      writeFileSync(path.join(dir, 'checkout-crashloop.md'), v1);
      await runbooks.syncFolder('T0VERSIONS', dir);
      expect((await match('KubePodCrashLooping', null, 'T0VERSIONS')).best?.score).toBe(0.9);
      writeFileSync(path.join(dir, 'checkout-crashloop.md'), v2);
      expect((await runbooks.syncFolder('T0VERSIONS', dir)).loaded).toEqual(['checkout-crashloop.md']);
      const latest = (await runbooks.listLatest('T0VERSIONS'))[0]!;
      expect(latest.version).toBe(2);
      // The old key no longer answers; the new one does, with the new version's id.
      expect(await match('KubePodCrashLooping', null, 'T0VERSIONS')).toEqual({ best: null, runnersUp: [] });
      expect((await match('CheckoutPodRestarting', null, 'T0VERSIONS')).best).toMatchObject({
        versionId: latest.id,
        score: 0.9,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never offers a started copilot proposal (a one-step runbook for one thread) as an alert’s match', async () => {
    const text = proposalRunbook({
      command: 'zorblaxctl frobnicate widget',
      why: 'frobnicate the zorblax widget',
      afterUntrusted: false,
    });
    const operator = { kind: 'operator' as const, name: 'test' };
    const asProposal = `${PROPOSAL_SLUG_PREFIX}0a1b2c3d`;
    await runbooks.publish({ tenantId: TENANT_B, slug: asProposal, text, sourceKind: 'slack', publisher: operator });
    await runbooks.publish({ tenantId: 'T0CHARLIE', slug: 'zorblax', text, sourceKind: 'slack', publisher: operator });
    // The same text under an ordinary slug would match on full text alone.
    expect((await match('zorblax widget frobnicate', null, 'T0CHARLIE')).best?.title).toMatch(/Copilot proposal/);
    const result = await match('zorblax widget frobnicate', null, TENANT_B);
    expect(result.best?.title ?? '').not.toMatch(/Copilot proposal/);
    expect(result.runnersUp.map((r) => r.title).join()).not.toMatch(/Copilot proposal/);
  });
});
