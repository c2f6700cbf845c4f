import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertIntake } from '../../../src/alerts/intake-service.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { createJobProducer, type JobProducer } from '../../../src/jobs/producer.js';
import { createRedis } from '../../../src/jobs/redis.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { compileRunbook, NO_STEP_MESSAGE } from '../../../src/runbooks/index.js';
import { createRunbookService, type RunbookService } from '../../../src/runbooks/service.js';
import { registerRunbookUploadRoute } from '../../../src/webhooks/runbooks-route.js';
import { createHttpServer, type HttpServer } from '../../../src/webhooks/server.js';
import { testAuthorizer } from '../../support/authz.js';
import { createTestDatabase, type TestDatabase, uniquePrefix } from '../../support/test-db.js';

const TENANT = 'T0UPLOAD';
const TOKEN = 'upload-token-for-tests';
/** Who the audit log and the version name: the token (by its hash's first 8 hex digits), never a name the caller claims. */
const TOKEN_ACTOR = `http:token-${createHash('sha256').update(TOKEN).digest('hex').slice(0, 8)}`;
let tokens: string[] = [TOKEN, 'a-second-token-during-rotation'];
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const LATENCY = `---
title: Search latency is high
services: [search]
alerts: [SearchLatencyHigh]
---

# Search latency is high

## Diagnosis

1. Check the search pods:

   \`\`\`bash
   kubectl -n search get pods -o wide
   \`\`\`

## Mitigation

2. Restart the search deployment:

   \`\`\`bash
   kubectl -n search rollout restart deployment/search
   \`\`\`
`;

const WIKI_HTML = `<h1>Kafka consumer lag</h1>
<h2>Diagnosis</h2>
<ol>
  <li>Describe the consumer group: <code>kafka-consumer-groups.sh --bootstrap-server $BROKER --describe --group $GROUP</code></li>
</ol>`;

interface UploadAnswer {
  status?: 'created' | 'unchanged';
  slug?: string;
  version?: number;
  id?: string;
  runbook?: {
    title: string;
    steps: Array<{ title: string; command: string | null }>;
    source: { format: string; sha256: string };
  };
  error?: string;
  message?: string;
}

describe('POST /api/runbooks', () => {
  let t: TestDatabase;
  let server: HttpServer;
  let url: string;
  let jobs: JobProducer;
  let runbooks: RunbookService;
  const redis = createRedis('redis://127.0.0.1:6379', 'plain');
  const prefix = uniquePrefix();

  beforeAll(async () => {
    t = await createTestDatabase();
    await redis.connect();
    jobs = createJobProducer({ connection: redis, prefix });
    const audit = createAuditLog(t.db);
    runbooks = createRunbookService({
      db: t.db,
      authz: testAuthorizer(t.db),
      audit,
      logger: silentLogger(),
      compile: (text, o) => compileRunbook(text, o),
    });
    server = createHttpServer({
      logger: silentLogger(),
      maxBodyBytes: 256 * 1024,
      intake: createAlertIntake({ db: t.db, jobs, logger: silentLogger() }),
      pagerdutySecrets: () => ['unused'],
      tenantId: () => TENANT,
      readiness: {},
      extraRoutes: (app) => registerRunbookUploadRoute(app, { runbooks, tenantId: () => TENANT, tokens: () => tokens }),
    });
    url = `${await server.listen('127.0.0.1', 0)}/api/runbooks`;
  });
  afterAll(async () => {
    await server.close();
    await jobs.close();
    redis.disconnect();
    await t.drop();
  });

  async function upload(
    body: string | undefined,
    contentType: string | null,
    query = '',
  ): Promise<{ status: number; json: UploadAnswer }> {
    const res = await fetch(`${url}${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    return { status: res.status, json: (await res.json()) as UploadAnswer };
  }
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
        'runbook_versions.source_format',
        'runbook_versions.created_by',
      ])
      .where('runbooks.tenant_id', '=', TENANT)
      .where('runbooks.slug', '=', slug)
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

  it('stores text/markdown as version 1, slugged from its title, and answers with the compiled runbook', async () => {
    const { status, json } = await upload(LATENCY, 'text/markdown; charset=utf-8', '?author=alice');
    expect(status).toBe(201);
    expect(json).toMatchObject({ status: 'created', slug: 'search-latency-is-high', version: 1 });
    expect(json.runbook!.title).toBe('Search latency is high');
    expect(json.runbook!.steps.map((s) => s.command)).toEqual([
      'kubectl -n search get pods -o wide',
      'kubectl -n search rollout restart deployment/search',
    ]);
    expect(json.runbook!.source.sha256).toBe(sha256(LATENCY));

    const versions = await versionsOf('search-latency-is-high');
    expect(versions).toEqual([
      {
        id: json.id,
        version: 1,
        source_text: LATENCY,
        source_sha256: sha256(LATENCY),
        source_kind: 'http',
        source_format: 'markdown',
        created_by: TOKEN_ACTOR,
      },
    ]);
    const events = await createAuditLog(t.db).list({ tenantId: TENANT, types: ['runbook.version_created'] });
    expect(events.at(-1)).toMatchObject({
      actor: TOKEN_ACTOR,
      data: { slug: 'search-latency-is-high', version: 1, sourceKind: 'http' },
    });
  });

  it('accepts JSON {text, slug} and stores it under that slug', async () => {
    const { status, json } = await upload(JSON.stringify({ text: WIKI_HTML, slug: 'kafka-lag' }), 'application/json');
    expect(status).toBe(201);
    expect(json).toMatchObject({ status: 'created', slug: 'kafka-lag', version: 1 });
    expect(json.runbook!.title).toBe('Kafka consumer lag');
    expect(json.runbook!.steps[0]!.command).toBe(
      'kafka-consumer-groups.sh --bootstrap-server $BROKER --describe --group $GROUP',
    );
    const [stored] = await versionsOf('kafka-lag');
    expect(stored).toMatchObject({
      source_text: WIKI_HTML,
      source_format: 'html',
      source_kind: 'http',
      created_by: TOKEN_ACTOR,
    });
  });

  it.each([
    ['an empty text/markdown body', '', 'text/markdown'],
    ['a blank text/plain body', '  \n\t\n', 'text/plain'],
    ['JSON without text', JSON.stringify({ slug: 'nothing' }), 'application/json'],
    ['JSON with empty text', JSON.stringify({ text: '   ', slug: 'nothing' }), 'application/json'],
    ['JSON that does not parse', '{"text": "1. Check the pods', 'application/json'],
    ['no body at all', undefined, null],
  ])('answers 400 with a JSON reason for %s, and stores nothing', async (_name, body, contentType) => {
    const before = await versionCount();
    const { status, json } = await upload(body, contentType);
    expect(status).toBe(400);
    expect(json.error).toEqual(expect.any(String));
    expect(json.message).toEqual(expect.any(String));
    expect(json.message!.length).toBeGreaterThan(10);
    expect(await versionCount()).toBe(before);
  });

  it.each([
    ['a path', '../../etc/passwd'],
    ['a backslash', 'a\\b'],
    ['mrkdwn', '<!channel>'],
    ['capitals and spaces', 'Kafka Lag'],
    ['the copilot proposals’ hidden prefix', 'copilot-proposal-deadbeef'],
  ])('refuses a slug with %s (400), and stores nothing', async (_name, slug) => {
    const before = await versionCount();
    const { status, json } = await upload(JSON.stringify({ text: '# T\n\n1. Run `ls`', slug }), 'application/json');
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_input');
    expect(json.message).toContain('lowercase letters');
    expect(await versionCount()).toBe(before);
  });

  it('refuses a title that would slug into the copilot’s hidden prefix', async () => {
    const before = await versionCount();
    const { status, json } = await upload('# Copilot proposal deadbeef\n\n1. Run `ls`\n', 'text/markdown');
    expect(status).toBe(400);
    expect(json.error).toBe('invalid_input');
    expect(await versionCount()).toBe(before);
  });

  it('answers an empty body with the reason an author can act on', async () => {
    const { status, json } = await upload('', 'text/markdown');
    expect(status).toBe(400);
    expect(json).toEqual({ error: 'invalid_input', message: 'send the runbook text as the request body' });
  });

  it('answers 422 runbook_empty, with what it looked for, when the text has no actionable step', async () => {
    const before = await versionCount();
    const prose = '# Payments\n\nThe payments service was built in 2019 and talks to the bank.\n';
    const { status, json } = await upload(prose, 'text/markdown');
    expect(status).toBe(422);
    expect(json).toEqual({ error: 'runbook_empty', message: NO_STEP_MESSAGE });
    expect(await versionCount()).toBe(before);
    expect(await t.owner.selectFrom('runbooks').select('slug').where('slug', '=', 'payments').execute()).toEqual([]);
  });

  it('answers 422 runbook_invalid naming the front-matter field that is wrong', async () => {
    const { status, json } = await upload(
      LATENCY.replace('alerts: [SearchLatencyHigh]', 'trust_level: 9'),
      'text/markdown',
    );
    expect(status).toBe(422);
    expect(json).toEqual({ error: 'runbook_invalid', message: 'Front matter field `trust_level`: expected 0, 1 or 2' });
  });

  it('answers `unchanged` for the same text again, and adds no version', async () => {
    const before = await versionCount();
    const events = await createAuditLog(t.db).list({ tenantId: TENANT, types: ['runbook.version_created'] });
    const { status, json } = await upload(LATENCY, 'text/markdown');
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'unchanged', slug: 'search-latency-is-high', version: 1 });
    expect(await versionCount()).toBe(before);
    expect(await createAuditLog(t.db).list({ tenantId: TENANT, types: ['runbook.version_created'] })).toHaveLength(
      events.length,
    );
  });

  it('stores changed text as version 2 and keeps version 1 as it was', async () => {
    const edited = LATENCY.replace(
      'kubectl -n search get pods -o wide',
      'kubectl -n search get pods -o wide --show-labels',
    );
    const { status, json } = await upload(edited, 'text/markdown', '?author=bob');
    expect(status).toBe(201);
    expect(json).toMatchObject({ status: 'created', slug: 'search-latency-is-high', version: 2 });
    expect(json.runbook!.steps[0]!.command).toBe('kubectl -n search get pods -o wide --show-labels');
    const versions = await versionsOf('search-latency-is-high');
    expect(versions.map((v) => [v.version, v.source_text, v.source_sha256, v.created_by])).toEqual([
      [1, LATENCY, sha256(LATENCY), TOKEN_ACTOR],
      [2, edited, sha256(edited), TOKEN_ACTOR],
    ]);
    // The library (and so the matcher) now offers version 2.
    const latest = (await runbooks.listLatest(TENANT)).find((v) => v.slug === 'search-latency-is-high')!;
    expect(latest).toMatchObject({ id: json.id, version: 2 });
  });

  it.each([
    ['a blank JSON slug', (text: string) => upload(JSON.stringify({ text, slug: '  ' }), 'application/json')],
    ['an empty ?slug=', (text: string) => upload(text, 'text/markdown', '?slug=')],
  ])(
    'names the runbook after its title when given %s (never an empty slug nobody can preview)',
    async (_name, send) => {
      const text = LATENCY.replaceAll('Search latency is high', 'Indexer queue is backing up').replace(
        'alerts: [SearchLatencyHigh]',
        'alerts: [IndexerQueueBacklog]',
      );
      const { status, json } = await send(text);
      expect([200, 201]).toContain(status);
      expect(json.slug).toBe('indexer-queue-is-backing-up');
      expect(
        await t.owner
          .selectFrom('runbooks')
          .select('slug')
          .where('tenant_id', '=', TENANT)
          .where('slug', '=', '')
          .execute(),
      ).toEqual([]);
    },
  );

  it('puts a JSON upload under an existing slug as the next version of that runbook', async () => {
    const { status, json } = await upload(
      JSON.stringify({ text: WIKI_HTML.replace('--describe', '--describe --members'), slug: 'kafka-lag' }),
      'application/json',
    );
    expect(status).toBe(201);
    expect(json).toMatchObject({ status: 'created', slug: 'kafka-lag', version: 2 });
    expect((await versionsOf('kafka-lag')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('refuses uploads without a valid bearer token, and is off while no token is configured', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/markdown', ...headers },
        body: '# T\n\n1. Run `ls`\n',
      });
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Basic ${TOKEN}` },
    ];
    for (const headers of attempts) {
      const res = await post(headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect((await post({ authorization: 'Bearer a-second-token-during-rotation' })).status).toBe(201);
    tokens = [];
    try {
      const off = await post({ authorization: `Bearer ${TOKEN}` });
      expect(off.status).toBe(503);
      expect(await off.json()).toMatchObject({ error: 'webhook_not_configured' });
    } finally {
      tokens = [TOKEN];
    }
  });

  it('needs an admin token to remove all of a runbook’s approvers (its steps would go to every approver)', async () => {
    const ADMIN = 'admin-upload-token';
    tokens = [TOKEN, `${ADMIN}:admin`];
    try {
      const send = (token: string, approvers: string) =>
        fetch(`${url}?slug=payments-failover`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/markdown' },
          body: `---\ntitle: Payments failover\napprovers: ${approvers}\n---\n# Payments failover\n\n1. Run \`kubectl get pods\`\n`,
        });
      expect((await send(ADMIN, '["U0PAYLEAD1"]')).status).toBe(201);
      const before = await versionCount();
      const widened = await send(TOKEN, '[]');
      expect(widened.status).toBe(403);
      expect(await widened.json()).toMatchObject({ error: 'not_authorized' });
      expect(await versionCount()).toBe(before);
      expect((await send(ADMIN, '[]')).status).toBe(201);
    } finally {
      tokens = [TOKEN];
    }
  });
});
