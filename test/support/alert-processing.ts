import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAlertIntake } from '../../src/alerts/intake-service.js';
import { createAlertProcessing } from '../../src/alerts/process-service.js';
import type { StormSettings } from '../../src/alerts/storm-service.js';
import { samplePagerDutyDelivery } from '../../src/app/sample-alert.js';
import { createAuditLog } from '../../src/audit/audit-log.js';
import type { IncidentRow } from '../../src/db/types.js';
import type { ExecutionService } from '../../src/executions/service/index.js';
import type { ChatMessage, ChatMessageRef, ChatPort } from '../../src/lib/chat.js';
import type { JobName, JobPort } from '../../src/lib/job-port.js';
import { silentLogger } from '../../src/lib/logger.js';
import { compileRunbook } from '../../src/runbooks/index.js';
import { createRunbookService } from '../../src/runbooks/service.js';
import { PagerDutyWebhook, pagerDutyFacts } from '../../src/webhooks/pagerduty/payload.js';
import { parseAlertmanager } from '../../src/webhooks/sources/alertmanager.js';
import { testAuthorizer } from './authz.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';

// The alert.process job below the e2e level: stored deliveries, the real runbook library and
// Postgres, and Slack's edge recorded (with a post that can be made to fail once).

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = path.resolve(HERE, '../../runbooks');
export const ALERT_FIXTURES = path.resolve(HERE, '../fixtures/alert-sources');

/** Slack's chat edge, recorded: ts values follow the order of posts, as Slack's do. */
export function recordingChat() {
  const posts: ChatMessage[] = [];
  let failNext = false;
  let lostAnswerNext = false;
  const tsOf = (i: number) => `1700000000.${String(i + 1).padStart(6, '0')}`;
  const chat: ChatPort = {
    async post(message) {
      if (failNext) {
        failNext = false;
        throw new Error('slack is down');
      }
      posts.push(message);
      if (lostAnswerNext) {
        // Slack took the message, but the worker died before it heard so.
        lostAnswerNext = false;
        throw new Error('the worker died after posting');
      }
      return { channel: message.channel, ts: tsOf(posts.length - 1) };
    },
    findPosted: async (q): Promise<ChatMessageRef | null> => {
      const i = posts.findIndex(
        (p) => p.channel === q.channel && p.postKey?.key === q.key && p.postKey.eventType === q.eventType,
      );
      return i < 0 ? null : { channel: q.channel, ts: tsOf(i) };
    },
    update: async () => undefined,
    postEphemeral: async () => undefined,
  };
  return {
    chat,
    posts,
    tsOf,
    failNextPost: () => (failNext = true),
    loseNextAnswer: () => (lostAnswerNext = true),
  };
}

export interface AlertProcessingBench {
  t: TestDatabase;
  slack: ReturnType<typeof recordingChat>;
  processing: ReturnType<typeof createAlertProcessing>;
  /** Jobs asked for (storm summaries), when the bench has a job port. */
  enqueued: Array<{ name: JobName; payload: unknown; jobId?: string }>;
  receivePagerDuty(input: { title: string; service?: string; incidentId?: string; fixture?: string }): Promise<string>;
  receiveAlertmanager(json: unknown): Promise<string>;
  /** The incident row the delivery opened. */
  incidentOf(alertId: string): Promise<IncidentRow>;
  close(): Promise<void>;
}

/** A database with the sample library, an intake and alert processing into one channel. */
export async function startAlertProcessing(options: {
  tenant: string;
  channel: string;
  /** Storm pacing on (summaries scheduled through a recording job port); off: every incident its own message. */
  storm?: StormSettings;
}): Promise<AlertProcessingBench> {
  const t = await createTestDatabase();
  const audit = createAuditLog(t.db);
  const logger = silentLogger();
  const runbooks = createRunbookService({
    db: t.db,
    audit,
    logger,
    authz: testAuthorizer(t.db),
    compile: (text, compileOptions) => compileRunbook(text, compileOptions),
  });
  await runbooks.syncFolder(options.tenant, SAMPLES);
  const enqueued: AlertProcessingBench['enqueued'] = [];
  const recording: JobPort = {
    enqueue: async (name, payload, opts) => {
      enqueued.push({ name, payload, jobId: opts?.jobId });
    },
  };
  const intake = createAlertIntake({ db: t.db, jobs: { enqueue: async () => undefined }, logger });
  const store = async (facts: Parameters<typeof intake.receive>[0]['facts'], raw: string, json: unknown) => {
    const { alertId } = await intake.receive({
      tenantId: options.tenant,
      facts,
      headers: {},
      rawBody: raw,
      payload: json,
    });
    return alertId!;
  };
  const slack = recordingChat();
  const processing = createAlertProcessing({
    db: t.db,
    audit,
    chat: slack.chat,
    logger,
    runbooks,
    executions: {} as ExecutionService, // process() never starts a run: a person presses ▶ Start
    incidentChannel: async () => options.channel,
    dryRun: true,
    jobs: options.storm ? recording : null,
    storm: options.storm,
    authz: testAuthorizer(t.db),
  });
  return {
    t,
    slack,
    processing,
    enqueued,
    async receivePagerDuty(input) {
      const json = input.fixture
        ? pagerDutyFixture(input.fixture, input.incidentId!)
        : samplePagerDutyDelivery({ title: input.title, service: input.service, incidentId: input.incidentId });
      const facts = pagerDutyFacts(PagerDutyWebhook.parse(json));
      return store(facts, JSON.stringify(json), json);
    },
    async receiveAlertmanager(json) {
      const raw = Buffer.from(JSON.stringify(json));
      const parsed = parseAlertmanager(json, raw);
      if (!parsed.ok) throw new Error(parsed.message);
      return store(parsed.facts, raw.toString('utf8'), json);
    },
    incidentOf: (alertId) =>
      t.owner.selectFrom('incidents').selectAll().where('alert_id', '=', alertId).executeTakeFirstOrThrow(),
    close: () => t.drop(),
  };
}

/** A PagerDuty fixture (acknowledged, resolved…) about the given incident, with a fresh event id. */
function pagerDutyFixture(fixture: string, incidentId: string): Record<string, unknown> {
  const json = readAlertFixture(fixture) as { event: { id: string; data: { id: string } } };
  json.event.id = `01${Math.random().toString(36).slice(2, 14).toUpperCase()}`;
  json.event.data.id = incidentId;
  return json;
}

export function readAlertFixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(ALERT_FIXTURES, name), 'utf8'));
}
