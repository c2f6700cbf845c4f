import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileForLibrary } from '../../../src/app/runbook-wiring.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { createDb } from '../../../src/db/database.js';
import { createOpenAiLlm } from '../../../src/lib/llm.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import { createRunbookService, type RunbookService } from '../../../src/runbooks/service.js';
import { startOpenAiFake } from '../../fakes/openai-fake.js';
import { testAuthorizer } from '../../support/authz.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SAMPLES = path.join(REPO, 'runbooks');
const TENANT = 'T0LIBRARY';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** An author's own runbook, exercising every field getSpec carries to the execution engine. */
const CHECKOUT = `---
title: Checkout errors are high
services: [checkout]
alerts: [CheckoutErrorRateHigh]
keywords: [checkout, payments, 5xx]
trust_level: 1
owners: ["@payments-team"]
approvers: [U024BE7LH, "@payments-leads"]
allow_shell_metacharacters: [SELECTOR]
timeout_seconds: 90
variables:
  NAMESPACE:
    description: Namespace of the checkout service
    pattern: "^[a-z0-9-]+$"
    default: checkout
  SELECTOR:
    description: Label selector of the checkout pods
    default: app=checkout
---

# Checkout errors are high

## Diagnosis

1. List the checkout pods:

   \`\`\`bash
   kubectl -n $NAMESPACE get pods -l $SELECTOR
   \`\`\`

2. Look at the error rate by route:

   \`\`\`promql
   sum by (route) (rate(http_requests_total{job="checkout",code=~"5.."}[5m]))
   \`\`\`

## Mitigation

3. Restart the checkout deployment:

   \`\`\`bash
   kubectl -n $NAMESPACE rollout restart deployment/checkout
   \`\`\`

   Rollback: \`kubectl -n $NAMESPACE rollout undo deployment/checkout\`

## Escalation

4. Page @payments-oncall in #payments-incidents if errors persist after 15 minutes.
`;

/** Prose only: nothing an on-call engineer could do. */
const NO_STEPS = `# About the payments service

The payments service was built in 2019. It is owned by the payments team and talks to the bank.
`;

const BAD_FRONT_MATTER = `---
title: Bad trust level
trust_level: 7
---

# Bad trust level

1. Check the pods: \`kubectl get pods\`
`;

describe('runbook library: folder sync, immutable versions, specs and audit', () => {
  let t: TestDatabase;
  let runbooks: RunbookService;
  let dir: string;
  const audit = () => createAuditLog(t.db);

  const versionsOf = (slug: string) =>
    t.owner
      .selectFrom('runbook_versions')
      .innerJoin('runbooks', 'runbooks.id', 'runbook_versions.runbook_id')
      .select([
        'runbook_versions.id',
        'runbook_versions.version',
        'runbook_versions.source_text',
        'runbook_versions.source_sha256',
        'runbook_versions.source_kind',
        'runbook_versions.created_by',
        'runbook_versions.title',
      ])
      .where('runbooks.slug', '=', slug)
      .where('runbooks.tenant_id', '=', TENANT)
      .orderBy('runbook_versions.version')
      .execute();
  const versionCount = async () =>
    Number(
      (
        await t.owner
          .selectFrom('runbook_versions')
          .select((e) => e.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function as<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    runbooks = createRunbookService({
      db: t.db,
      authz: testAuthorizer(t.db),
      audit: audit(),
      logger: silentLogger(),
      compile: (text, options) => compileRunbook(text, options),
    });
    dir = mkdtempSync(path.join(os.tmpdir(), 'rbc-library-'));
    for (const file of ['crash-looping-pod.md', 'disk-nearly-full.md', 'README.md']) {
      copyFileSync(path.join(SAMPLES, file), path.join(dir, file));
    }
    writeFileSync(path.join(dir, 'checkout-errors.md'), CHECKOUT);
    writeFileSync(path.join(dir, 'payments-notes.md'), NO_STEPS);
    writeFileSync(path.join(dir, 'bad-trust.md'), BAD_FRONT_MATTER);
    writeFileSync(path.join(dir, 'inventory.json'), '{"not": "a runbook"}');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.drop();
  });

  it('loads every runbook of the folder, reports the ones that fail, and skips the README', async () => {
    const report = await runbooks.syncFolder(TENANT, dir);
    expect(report.loaded).toEqual(['checkout-errors.md', 'crash-looping-pod.md', 'disk-nearly-full.md']);
    expect(report.unchanged).toEqual([]);
    expect(report.failed.map((f) => f.file)).toEqual(['bad-trust.md', 'payments-notes.md']);
    expect(report.failed[0]!.error).toBe('Front matter field `trust_level`: expected 0, 1 or 2');
    expect(report.failed[1]!.error).toMatch(/^No actionable step found/);

    const latest = await runbooks.listLatest(TENANT);
    expect(latest.map((v) => [v.slug, v.version, v.title])).toEqual([
      ['checkout-errors', 1, 'Checkout errors are high'],
      ['crash-looping-pod', 1, 'Pod is crash looping'],
      ['disk-nearly-full', 1, 'Disk nearly full on a node'],
    ]);
    // The README beside the runbooks is documentation: not in the library, not a failure.
    const all = await t.owner.selectFrom('runbooks').select('slug').execute();
    expect(all.map((r) => r.slug).sort()).toEqual(['checkout-errors', 'crash-looping-pod', 'disk-nearly-full']);

    // The original text is kept byte for byte, with its sha256 and where it came from.
    const [crash] = await versionsOf('crash-looping-pod');
    const original = readFileSync(path.join(SAMPLES, 'crash-looping-pod.md'), 'utf8');
    expect(crash).toMatchObject({
      version: 1,
      source_text: original,
      source_sha256: sha256(original),
      source_kind: 'file',
      created_by: 'system:file:crash-looping-pod.md',
    });
    const stored = await runbooks.getVersion(TENANT, crash!.id);
    expect(stored.compiled.source.sha256).toBe(sha256(original));
    expect(stored.alerts).toEqual(['KubePodCrashLooping']);
    expect(stored.services).toEqual(['kubernetes']);
  });

  it('adds no version when nothing changed', async () => {
    const before = await versionCount();
    const eventsBefore = await audit().list({ tenantId: TENANT, types: ['runbook.version_created'] });
    const report = await runbooks.syncFolder(TENANT, dir);
    expect(report.loaded).toEqual([]);
    expect(report.unchanged).toEqual(['checkout-errors.md', 'crash-looping-pod.md', 'disk-nearly-full.md']);
    expect(await versionCount()).toBe(before);
    expect(await audit().list({ tenantId: TENANT, types: ['runbook.version_created'] })).toHaveLength(
      eventsBefore.length,
    );
  });

  it('turns a changed file into version 2 and keeps version 1 exactly as it was', async () => {
    const [v1Before] = await versionsOf('checkout-errors');
    const edited = CHECKOUT.replace(
      '## Escalation',
      '## Verification\n\n5. Check the error rate is back under 1%:\n\n   ```bash\n   curl -s http://prometheus:9090/api/v1/query?query=checkout_error_ratio\n   ```\n\n## Escalation',
    );
    writeFileSync(path.join(dir, 'checkout-errors.md'), edited);

    const report = await runbooks.syncFolder(TENANT, dir);
    expect(report.loaded).toEqual(['checkout-errors.md']);
    expect(report.unchanged).toEqual(['crash-looping-pod.md', 'disk-nearly-full.md']);

    const versions = await versionsOf('checkout-errors');
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]).toEqual(v1Before);
    expect(versions[0]!.source_text).toBe(CHECKOUT);
    expect(versions[0]!.source_sha256).toBe(sha256(CHECKOUT));
    expect(versions[1]!.source_text).toBe(edited);
    expect(versions[1]!.source_sha256).toBe(sha256(edited));

    // The newest version is what the library offers; the old one can still be read (runs keep pointing at it).
    const latest = (await runbooks.listLatest(TENANT)).find((v) => v.slug === 'checkout-errors')!;
    expect(latest.id).toBe(versions[1]!.id);
    expect(latest.compiled.steps.map((s) => s.title)).toContain('Check the error rate is back under 1%');
    const old = await runbooks.getVersion(TENANT, versions[0]!.id);
    expect(old.compiled.steps).toHaveLength(4);
    expect(old.sourceSha256).toBe(sha256(CHECKOUT));

    // Going back to the first text is an edit too: version 3, not a rewrite of history.
    writeFileSync(path.join(dir, 'checkout-errors.md'), CHECKOUT);
    expect((await runbooks.syncFolder(TENANT, dir)).loaded).toEqual(['checkout-errors.md']);
    const after = await versionsOf('checkout-errors');
    expect(after.map((v) => [v.version, v.source_sha256])).toEqual([
      [1, sha256(CHECKOUT)],
      [2, sha256(edited)],
      [3, sha256(CHECKOUT)],
    ]);
  });

  it.each([
    ['UPDATE', "update runbook_versions set source_text = 'rm -rf /'"],
    ['DELETE', 'delete from runbook_versions'],
    ['TRUNCATE', 'truncate runbook_versions'],
  ])('refuses %s of runbook_versions to the application role', async (_op, statement) => {
    const before = await versionsOf('crash-looping-pod');
    await expect(as(t.appUrl, (c) => c.query(statement))).rejects.toThrow(/permission denied/);
    expect(await versionsOf('crash-looping-pod')).toEqual(before);
  });

  it.each([
    [
      'UPDATE',
      "update runbook_versions set source_text = 'rm -rf /'",
      /runbook_versions is append-only: UPDATE is not allowed/,
    ],
    ['DELETE', 'delete from runbook_versions', /runbook_versions is append-only: DELETE is not allowed/],
    ['TRUNCATE', 'truncate runbook_versions cascade', /runbook_versions is append-only: TRUNCATE is not allowed/],
  ])('stops even the owner from %s of runbook_versions (trigger)', async (_op, statement, message) => {
    const before = await versionsOf('crash-looping-pod');
    await expect(as(t.ownerUrl, (c) => c.query(statement))).rejects.toThrow(message);
    expect(await versionsOf('crash-looping-pod')).toEqual(before);
  });

  it('maps a version to the spec the execution engine runs', async () => {
    const [v1] = await versionsOf('checkout-errors');
    const spec = await runbooks.getSpec(TENANT, v1!.id);
    expect(spec).toEqual({
      versionId: v1!.id,
      title: 'Checkout errors are high',
      trustLevel: 1,
      approvers: ['U024BE7LH', '@payments-leads'],
      createdBy: 'system:file:checkout-errors.md',
      allowMetacharacters: ['SELECTOR'],
      timeoutSeconds: 90,
      // The author's declarations reach the variables modal and its validation.
      variables: [
        {
          name: 'NAMESPACE',
          description: 'Namespace of the checkout service',
          default: 'checkout',
          pattern: '^[a-z0-9-]+$',
          from: null,
        },
        {
          name: 'SELECTOR',
          description: 'Label selector of the checkout pods',
          default: 'app=checkout',
          pattern: null,
          from: null,
        },
      ],
      steps: [
        {
          key: 's1',
          title: 'List the checkout pods',
          text: expect.stringContaining('kubectl -n $NAMESPACE get pods -l $SELECTOR'),
          command: 'kubectl -n $NAMESPACE get pods -l $SELECTOR',
          rollback: null,
          variables: ['NAMESPACE', 'SELECTOR'],
          runMode: 'local',
          writtenCommand: 'kubectl -n $NAMESPACE get pods -l $SELECTOR',
          context: null,
          opensContext: false,
          groupKey: 'g1',
          branch: null,
          longRunning: null,
          warning: null,
        },
        {
          // PromQL is for a person to read, never for the executor to run.
          key: 's2',
          title: 'Look at the error rate by route',
          text: expect.stringContaining('sum by (route)'),
          command: null,
          rollback: null,
          variables: [],
          runMode: 'manual',
          writtenCommand: null,
          context: null,
          opensContext: false,
          groupKey: 'g1',
          branch: null,
          longRunning: null,
          warning: null,
        },
        {
          key: 's3',
          title: 'Restart the checkout deployment',
          text: expect.stringContaining('rollout restart'),
          command: 'kubectl -n $NAMESPACE rollout restart deployment/checkout',
          rollback: 'kubectl -n $NAMESPACE rollout undo deployment/checkout',
          variables: ['NAMESPACE'],
          runMode: 'local',
          writtenCommand: 'kubectl -n $NAMESPACE rollout restart deployment/checkout',
          context: null,
          opensContext: false,
          groupKey: 'g2',
          branch: null,
          longRunning: null,
          warning: null,
        },
        {
          key: 's4',
          title: 'Page @payments-oncall in #payments-incidents if errors persist after 15 minutes',
          text: 'Page @payments-oncall in #payments-incidents if errors persist after 15 minutes.',
          command: null,
          rollback: null,
          variables: [],
          runMode: 'manual',
          writtenCommand: null,
          context: null,
          opensContext: false,
          groupKey: 'g3',
          branch: null,
          longRunning: null,
          warning: null,
        },
      ],
      // The step graph and what the commands need, for the engine and Slack.
      branches: [],
      groups: [
        { key: 'g1', title: 'Diagnosis', depth: 2, parentKey: null, stepKeys: ['s1', 's2'] },
        { key: 'g2', title: 'Mitigation', depth: 2, parentKey: null, stepKeys: ['s3'] },
        { key: 'g3', title: 'Escalation', depth: 2, parentKey: null, stepKeys: ['s4'] },
      ],
      prerequisites: [
        { text: 'The `kubectl` CLI', kind: 'tool', command: null, implied: true },
        {
          text: 'A kubeconfig context for the cluster (`kubectl config current-context` names it)',
          kind: 'access',
          command: null,
          implied: true,
        },
      ],
      dropped: [],
    });
    // A sample with front-matter defaults: trust level 0 and no timeout override unless stated.
    const [crash] = await versionsOf('crash-looping-pod');
    const crashSpec = await runbooks.getSpec(TENANT, crash!.id);
    expect(crashSpec).toMatchObject({
      trustLevel: 0,
      approvers: ['@sre-oncall-leads'],
      timeoutSeconds: 120,
      allowMetacharacters: [],
    });
    expect(crashSpec.steps).toHaveLength(11);
  });

  it('says a version does not exist rather than guessing', async () => {
    await expect(runbooks.getSpec(TENANT, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'runbook_not_found',
    });
    await expect(runbooks.getVersion(TENANT, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'runbook_not_found',
    });
  });

  it('never hands one tenant the runbook of another, even one already read (and cached) by its owner', async () => {
    const [v1] = await versionsOf('checkout-errors');
    await runbooks.getSpec(TENANT, v1!.id); // the owner reads it first
    await expect(runbooks.getSpec('T0INTRUDER', v1!.id)).rejects.toMatchObject({ code: 'runbook_not_found' });
    await expect(runbooks.getVersion('T0INTRUDER', v1!.id)).rejects.toMatchObject({ code: 'runbook_not_found' });
    expect(await runbooks.listLatest('T0INTRUDER')).toEqual([]);
  });

  it('writes one runbook.version_created audit event per new version, with the text’s sha256', async () => {
    const events = await audit().list({ tenantId: TENANT, types: ['runbook.version_created'] });
    const stored = await t.owner
      .selectFrom('runbook_versions')
      .innerJoin('runbooks', 'runbooks.id', 'runbook_versions.runbook_id')
      .select([
        'runbook_versions.id',
        'runbook_versions.runbook_id',
        'runbooks.slug',
        'runbook_versions.version',
        'runbook_versions.source_sha256',
      ])
      .where('runbooks.tenant_id', '=', TENANT)
      .orderBy('runbook_versions.created_at')
      .orderBy('runbook_versions.version')
      .execute();
    expect(events).toHaveLength(stored.length);
    expect(events.map((e) => e.data.versionId).sort()).toEqual(stored.map((s) => s.id).sort());
    const checkoutV2 = events.find((e) => e.data.slug === 'checkout-errors' && e.data.version === 2)!;
    const row = stored.find((s) => s.slug === 'checkout-errors' && s.version === 2)!;
    expect(checkoutV2).toMatchObject({
      type: 'runbook.version_created',
      actor: 'system:file:checkout-errors.md',
      subjectType: 'runbook',
      subjectId: row.runbook_id,
      data: {
        slug: 'checkout-errors',
        version: 2,
        versionId: row.id,
        title: 'Checkout errors are high',
        sourceKind: 'file',
        sourceSha256: row.source_sha256,
        steps: 5,
        compiler: 'deterministic',
      },
    });
    // Failed files leave no trace in the library or the audit log.
    expect(events.some((e) => ['bad-trust', 'payments-notes'].includes(String(e.data.slug)))).toBe(false);
  });

  it('skips every file the runbook linter skips (NOTICE, _-prefixed drafts), not only README', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'rbc-library-skip-'));
    try {
      copyFileSync(path.join(SAMPLES, 'redis-memory.md'), path.join(other, 'redis-memory.md'));
      writeFileSync(
        path.join(other, '_template.md'),
        CHECKOUT.replaceAll('Checkout errors are high', 'Runbook template (copy me)'),
      );
      writeFileSync(path.join(other, 'NOTICE.md'), NO_STEPS);
      writeFileSync(path.join(other, 'LICENSE'), 'Apache-2.0');
      writeFileSync(path.join(other, 'CHANGELOG.md'), '# Changelog\n\n- Restart the cache when it is full.\n');
      const report = await runbooks.syncFolder('T0SKIP', other);
      expect(report).toEqual({ loaded: ['redis-memory.md'], unchanged: [], failed: [] });
      expect((await runbooks.listLatest('T0SKIP')).map((v) => v.slug)).toEqual(['redis-memory']);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reports a folder it cannot read', async () => {
    await expect(runbooks.syncFolder(TENANT, path.join(dir, 'missing'))).rejects.toMatchObject({
      code: 'runbook_invalid',
      message: expect.stringContaining('Cannot read the runbooks folder'),
    });
  });

  it('does not compile (or ask the LLM about) a file that did not change', async () => {
    const fake = await startOpenAiFake();
    try {
      // The fake answers 500: each extraction falls back to the deterministic result, but every call is recorded.
      const llm = createOpenAiLlm({
        apiKey: 'test',
        baseURL: fake.baseURL,
        model: 'fake',
        timeoutMs: 3000,
        maxRetries: 0,
      });
      const withLlm = createRunbookService({
        db: t.db,
        authz: testAuthorizer(t.db),
        audit: audit(),
        logger: silentLogger(),
        compile: compileForLibrary(llm, silentLogger()),
      });
      const first = await withLlm.syncFolder('T0LLM', SAMPLES);
      expect(first.loaded).toHaveLength(7);
      expect(fake.requests).toHaveLength(7);
      const stored = await withLlm.listLatest('T0LLM');
      expect(stored[0]!.compiled.warnings[0]).toMatch(/^LLM extraction failed \(unavailable\)/);

      // Every web replica syncs the folder at start: unchanged files must not cost an LLM call each.
      const again = await withLlm.syncFolder('T0LLM', SAMPLES);
      expect(again.unchanged).toHaveLength(7);
      expect(fake.requests).toHaveLength(7);
    } finally {
      await fake.close();
    }
  });

  it('adds each file once when two web replicas sync the same folder at the same time', async () => {
    const replica = () => {
      const db = createDb({ url: t.appUrl, poolMax: 3 });
      return {
        db,
        service: createRunbookService({
          db,
          authz: testAuthorizer(db),
          audit: createAuditLog(db),
          logger: silentLogger(),
          compile: (x, o) => compileRunbook(x, o),
        }),
      };
    };
    const a = replica();
    const b = replica();
    try {
      const [ra, rb] = await Promise.all([
        a.service.syncFolder('T0REPLICAS', SAMPLES),
        b.service.syncFolder('T0REPLICAS', SAMPLES),
      ]);
      // Between them, each of the seven samples was loaded once and found unchanged once.
      expect([...ra.loaded, ...rb.loaded].sort()).toEqual([...ra.unchanged, ...rb.unchanged].sort());
      expect(ra.loaded.length + rb.loaded.length).toBe(7);
      const versions = await t.owner
        .selectFrom('runbook_versions')
        .select(['title', 'version'])
        .where('tenant_id', '=', 'T0REPLICAS')
        .orderBy('title')
        .execute();
      expect(versions.map((v) => v.version)).toEqual([1, 1, 1, 1, 1, 1, 1]);
      expect(
        await createAuditLog(t.db).list({ tenantId: 'T0REPLICAS', types: ['runbook.version_created'] }),
      ).toHaveLength(7);
    } finally {
      await a.db.destroy();
      await b.db.destroy();
    }
  });
});
