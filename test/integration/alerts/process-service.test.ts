import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertIntake } from '../../../src/alerts/intake-service.js';
import { createAlertProcessing } from '../../../src/alerts/process-service.js';
import { samplePagerDutyDelivery } from '../../../src/app/sample-alert.js';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import type { ExecutionService } from '../../../src/executions/service/index.js';
import type { ChatMessage, ChatMessageRef, ChatPort } from '../../../src/lib/chat.js';
import type { JobPort } from '../../../src/lib/job-port.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { compileRunbook } from '../../../src/runbooks/index.js';
import { createRunbookService } from '../../../src/runbooks/service.js';
import { PagerDutyWebhook, pagerDutyFacts } from '../../../src/webhooks/pagerduty/payload.js';
import { parseAlertmanager } from '../../../src/webhooks/sources/alertmanager.js';
import { testAuthorizer } from '../../support/authz.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

// The alert.process job below the e2e level: a stored delivery, the real library and
// Postgres, and Slack's edge recorded (with a post that can be made to fail once).

const TENANT = 'T0PROCESS';
const CHANNEL = 'C0INCIDENTS';
const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../runbooks');
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/alert-sources');

function recordingChat() {
  const posts: ChatMessage[] = [];
  let failNext = false;
  let lostAnswerNext = false;
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
      return { channel: message.channel, ts: `1700000000.${String(posts.length).padStart(6, '0')}` };
    },
    findPosted: async (q): Promise<ChatMessageRef | null> => {
      const i = posts.findIndex((p) => p.channel === q.channel && p.postKey?.key === q.key);
      return i < 0 ? null : { channel: q.channel, ts: `1700000000.${String(i + 1).padStart(6, '0')}` };
    },
    update: async () => undefined,
    postEphemeral: async () => undefined,
  };
  return {
    chat,
    posts,
    failNextPost: () => (failNext = true),
    loseNextAnswer: () => (lostAnswerNext = true),
  };
}

describe('processing a stored alert (alert.process)', () => {
  let t: TestDatabase;
  const slack = recordingChat();
  let receive: (title: string) => Promise<string>;
  let receiveAlertmanager: (fixture: string) => Promise<string>;
  let processing: ReturnType<typeof createAlertProcessing>;

  beforeAll(async () => {
    t = await createTestDatabase();
    const audit = createAuditLog(t.db);
    const logger = silentLogger();
    const runbooks = createRunbookService({
      db: t.db,
      audit,
      logger,
      authz: testAuthorizer(t.db),
      compile: (text, options) => compileRunbook(text, options),
    });
    await runbooks.syncFolder(TENANT, SAMPLES);
    const jobs: JobPort = { enqueue: async () => undefined };
    const intake = createAlertIntake({ db: t.db, jobs, logger });
    receive = async (title) => {
      const json = samplePagerDutyDelivery({ title, service: 'checkout' });
      const facts = pagerDutyFacts(PagerDutyWebhook.parse(json), undefined);
      const raw = JSON.stringify(json);
      const { alertId } = await intake.receive({ tenantId: TENANT, facts, headers: {}, rawBody: raw, payload: json });
      return alertId!;
    };
    receiveAlertmanager = async (fixture) => {
      const raw = readFileSync(path.join(FIXTURES, fixture));
      const json = JSON.parse(raw.toString('utf8'));
      const parsed = parseAlertmanager(json, raw);
      if (!parsed.ok) throw new Error(parsed.message);
      const delivery = {
        tenantId: TENANT,
        facts: parsed.facts,
        headers: {},
        rawBody: raw.toString('utf8'),
        payload: json,
      };
      const { alertId } = await intake.receive(delivery);
      return alertId!;
    };
    processing = createAlertProcessing({
      db: t.db,
      audit,
      chat: slack.chat,
      logger,
      runbooks,
      executions: {} as ExecutionService, // process() never starts a run: a person presses ▶ Start
      incidentChannel: async () => CHANNEL,
      dryRun: true,
      jobs: null, // no storm summaries: every incident gets its own message
      authz: testAuthorizer(t.db),
    });
  });
  afterAll(async () => t.drop());

  const incidentsFor = (alertId: string) =>
    t.owner.selectFrom('incidents').selectAll().where('alert_id', '=', alertId).execute();
  const postsAbout = (incidentId: string) =>
    slack.posts.filter((p) => p.postKey?.key === incidentId && p.channel === CHANNEL);

  it('opens one incident, announces the matched runbook once, and records why it matched', async () => {
    const alertId = await receive('KubePodCrashLooping: pod payments/api-1 is crash looping');
    expect(await processing.process(TENANT, alertId)).toBe('matched');
    // Slack retries and a second worker run the same job again: nothing new happens.
    expect(await processing.process(TENANT, alertId)).toBe('skipped');
    const [incident, ...more] = await incidentsFor(alertId);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({ tenant_id: TENANT, channel_id: CHANNEL, message_ts: expect.any(String) });
    const posts = postsAbout(incident!.id);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('Pod is crash looping');
    const matched = await t.owner
      .selectFrom('audit_events')
      .select(['event_type', 'data'])
      .where('subject_id', '=', alertId)
      .where('event_type', '=', 'alert.matched')
      .execute();
    expect(matched).toHaveLength(1);
    expect(matched[0]!.data).toMatchObject({ incidentId: incident!.id, runbookTitle: 'Pod is crash looping' });
  });

  it('announces exactly once when the first post fails and the job is retried', async () => {
    const alertId = await receive('KubePodCrashLooping: pod payments/api-2 is crash looping');
    slack.failNextPost();
    await expect(processing.process(TENANT, alertId)).rejects.toThrow('slack is down');
    const [before] = await incidentsFor(alertId);
    expect(before?.message_ts).toBeNull();
    expect(await processing.process(TENANT, alertId)).toBe('matched');
    const [after] = await incidentsFor(alertId);
    expect(postsAbout(after!.id)).toHaveLength(1);
    expect(after!.message_ts).toEqual(expect.any(String));
  });

  it('says so when no runbook matches, and stores the alert as unmatched', async () => {
    const alertId = await receive('Quarterly badge printer toner is low');
    expect(await processing.process(TENANT, alertId)).toBe('unmatched');
    const [incident] = await incidentsFor(alertId);
    const [post] = postsAbout(incident!.id);
    expect(post?.text).toMatch(/no runbook/i);
    const [alert] = await t.owner.selectFrom('alert_inbox').select('status').where('id', '=', alertId).execute();
    expect(alert?.status).toBe('unmatched');
  });

  it('tells the thread of a new alert in the group once, even when the worker died after posting it', async () => {
    const first = await receiveAlertmanager('alertmanager-firing.json');
    expect(await processing.process(TENANT, first)).toBe('matched');
    const [incident] = await incidentsFor(first);
    const before = slack.posts.length;
    const second = await receiveAlertmanager('alertmanager-firing-two.json');
    slack.loseNextAnswer();
    await expect(processing.process(TENANT, second)).rejects.toThrow('the worker died after posting');
    await processing.process(TENANT, second); // the job's retry
    const replies = slack.posts.slice(before).filter((p) => p.threadTs === incident!.message_ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.postKey?.eventType).toBe('group_alerts');
  });
});
