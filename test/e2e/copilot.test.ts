import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxMessage } from '../../src/sandbox/index.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.js';
import type { FakeReply, RecordedLlmRequest } from '../fakes/openai-fake.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { openIncident, press, staleCopy } from '../support/e2e-actions.js';
import { buttons, shown, waitForModal, waitForStep } from '../support/slack-read.js';

/** Copilot requests carry the copilot's rules; opinion and compile requests are told to fall back. */
const isCopilot = (r: RecordedLlmRequest) => r.text.includes('incident copilot of Runbook Copilot');
const hasTools = (r: RecordedLlmRequest) => Array.isArray(r.body.tools) && (r.body.tools as unknown[]).length > 0;
const toolNames = (r: RecordedLlmRequest) =>
  ((r.body.tools as Array<{ function: { name: string } }> | undefined) ?? []).map((t) => t.function.name);

/** The copilot's reply to a question: the bot message under it that carries "Why?" (or the failure words). */
function answerIn(e: E2E, thread: string, after: number): Promise<SandboxMessage> {
  return e.sandbox.waitFor(
    () =>
      e.sandbox
        .thread(INCIDENTS, thread)
        .filter((m) => m.user === e.sandbox.botUserId && Number(m.ts) > after)
        .find((m) => buttons(m).includes(ACTIONS.copilotWhy)),
    { timeoutMs: 20_000, description: 'the copilot answer' },
  );
}

/** Polls Postgres until `read` returns something truthy (what the database holds is the assertion). */
async function eventually<T>(read: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * An incident thread with its run under way. Waiting for step 1 means the incident's thread
 * is recorded: a reply in the first milliseconds after "Runbook matched" is not yet known
 * to belong to an incident.
 */
async function incidentThread(e: E2E, title: string): Promise<string> {
  const thread = await openIncident(e, { title, service: 'payments-api' }, PEOPLE.oncall);
  await waitForStep(e.sandbox, INCIDENTS, thread, 1, () => true);
  return thread;
}

async function ask(e: E2E, thread: string, text: string): Promise<SandboxMessage> {
  const { message } = await e.sandbox.mention({ userId: PEOPLE.oncall, channelId: INCIDENTS, threadTs: thread, text });
  return answerIn(e, thread, Number(message.ts));
}

describe('the threaded incident copilot through the sandbox and the OpenAI-compatible fake', () => {
  let e: E2E;
  let script: (request: RecordedLlmRequest, nth: number) => FakeReply;
  let copilotCalls = 0;
  beforeAll(async () => {
    e = await startE2E({ llm: true });
    e.llm!.setHandler((request) => {
      if (!isCopilot(request)) return { status: 500, shouldRetry: false }; // opinions/compile: deterministic
      copilotCalls += 1;
      return script(request, copilotCalls);
    });
  });
  afterAll(async () => e?.close());
  const copilotRequests = () => e.llm!.requests.filter(isCopilot);
  const turns = () => e.db.owner.selectFrom('copilot_turns').selectAll().orderBy('created_at').execute();

  let thread = '';
  it('answers a question with tool calls, citing the evidence, once per message', async () => {
    thread = await incidentThread(e, 'KubePodCrashLooping: api-cop-1');
    copilotCalls = 0;
    script = (_r, nth) =>
      nth === 1
        ? {
            toolCalls: [
              { name: 'get_incident', arguments: {} },
              { name: 'get_run_status', arguments: {} },
            ],
          }
        : {
            content:
              'The alert is KubePodCrashLooping on payments-api [E1].\nThe run has started [E2].\nConfidence: 80%',
          };
    const answer = await ask(e, thread, 'what is going on with this pod?');
    const text = shown(answer);
    expect(text).toContain('The alert is KubePodCrashLooping on payments-api');
    expect(text).toContain('[E1] alert “KubePodCrashLooping: api-cop-1”');
    expect(text).toContain('Confidence 80%');
    expect(text).not.toContain('hypothesis');
    // The first request offered the tools; the tool results went back as delimited data.
    const [first, second] = copilotRequests();
    expect(toolNames(first!)).toEqual(expect.arrayContaining(['get_incident', 'get_run_status', 'propose_step']));
    expect(second!.text).toContain('<tool_result id="E1" tool="get_incident" trust="untrusted">');
    expect(second!.text).toContain('<data source="engineer.question" trust="untrusted">');
    // app_mention and the thread `message` of the same post are one turn, answered once.
    const rows = await turns();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'answered', team: 'payments-api' });
    const answered = await e.audit(['copilot.turn_answered']);
    expect(answered).toHaveLength(1);
    expect(answered[0]!.data).toMatchObject({
      toolCalls: [
        expect.objectContaining({ name: 'get_incident', outcome: 'ok', evidenceId: 'E1' }),
        expect.objectContaining({ name: 'get_run_status', outcome: 'ok', evidenceId: 'E2' }),
      ],
      policyVersion: expect.any(String),
      model: 'gpt-4.1-mini',
      signals: expect.objectContaining({ urgency: 1 }),
    });
  });

  it('takes a redelivered event (retry_attempt 1, same event id) as the turn it already is', async () => {
    script = () => ({ content: 'Still looking.\nConfidence: 10%' });
    const { message, eventIds } = await e.sandbox.mention({
      userId: PEOPLE.oncall,
      channelId: INCIDENTS,
      threadTs: thread,
      text: 'is it fixed?',
    });
    expect(eventIds).toHaveLength(2); // app_mention and the thread `message`
    await answerIn(e, thread, Number(message.ts));
    for (const id of eventIds) expect((await e.sandbox.redeliverEvent(id, 1)).status).toBe('acked');
    // The sandbox page lists each delivery, the retry with its retry_num and reason.
    const state = (await (await fetch(`${e.sandbox.url}/_sandbox/state?user=${PEOPLE.oncall}`)).json()) as {
      events: Array<{ eventType: string; eventId: string; retryAttempt: number; retryReason: string; status: string }>;
    };
    expect(state.events.filter((ev) => eventIds.includes(ev.eventId))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventType: 'app_mention', retryAttempt: 1, retryReason: 'timeout', status: 'acked' }),
        expect.objectContaining({ eventType: 'app_mention', retryAttempt: 0, retryReason: '', status: 'acked' }),
        expect.objectContaining({ eventType: 'message', retryAttempt: 1, retryReason: 'timeout', status: 'acked' }),
      ]),
    );
    // Turns of a thread are answered in order: a duplicate would be answered before this one.
    script = () => ({ content: 'Next.\nConfidence: 10%' });
    await ask(e, thread, 'next question');
    const answers = e.sandbox
      .thread(INCIDENTS, thread)
      .filter((m) => Number(m.ts) > Number(message.ts) && buttons(m).includes(ACTIONS.copilotWhy));
    expect(answers.map((m) => shown(m).split('\n')[0])).toEqual(['Still looking.', 'Next.']);
    const asked = await e.db.owner
      .selectFrom('copilot_turns')
      .where('question', '=', 'is it fixed?')
      .selectAll()
      .execute();
    expect(asked).toHaveLength(1);
  });

  it('stores a question before Slack hears it arrived: a failed store is delivered again and answered once', async () => {
    script = () => ({ content: 'Answered after the redelivery.\nConfidence: 10%' });
    await sql`REVOKE INSERT ON copilot_turns FROM runbook_app`.execute(e.db.owner);
    let restored = false;
    try {
      const { message, events, eventIds } = await e.sandbox.mention({
        userId: PEOPLE.oncall,
        channelId: INCIDENTS,
        threadTs: thread,
        text: 'did the store fail?',
      });
      // The turn could not be stored, so neither envelope was acknowledged: Slack will retry.
      expect(events.map((ev) => ev.status)).toEqual(['ack_timeout', 'ack_timeout']);
      await sql`GRANT INSERT ON copilot_turns TO runbook_app`.execute(e.db.owner);
      restored = true;
      for (const id of eventIds) expect((await e.sandbox.redeliverEvent(id, 2)).status).toBe('acked');
      const answer = await answerIn(e, thread, Number(message.ts));
      expect(shown(answer)).toContain('Answered after the redelivery.');
      const asked = await e.db.owner
        .selectFrom('copilot_turns')
        .where('question', '=', 'did the store fail?')
        .selectAll()
        .execute();
      expect(asked).toHaveLength(1);
    } finally {
      if (!restored) await sql`GRANT INSERT ON copilot_turns TO runbook_app`.execute(e.db.owner);
    }
  });

  it('answers one turn at a time per thread: a question asked meanwhile waits for the one before it', async () => {
    const order: string[] = [];
    script = (request) => {
      // Earlier questions are in every later prompt too: read the one being asked.
      const first = request.text.includes('<data source="engineer.question" trust="untrusted">\nslow question');
      const reading = !(request.body.messages as Array<{ role: string }>).some((m) => m.role === 'tool');
      order.push(`${first ? 'slow' : 'quick'}:${reading ? 'tools' : 'answer'}`);
      if (reading) return { toolCalls: [{ name: 'get_incident', arguments: {} }], delayMs: first ? 400 : 0 };
      return { content: `${first ? 'Slow' : 'Quick'} answer [E1].\nConfidence: 50%` };
    };
    const slow = await e.sandbox.mention({
      userId: PEOPLE.oncall,
      channelId: INCIDENTS,
      threadTs: thread,
      text: 'slow question',
    });
    // Slack's ack comes before the turn is stored: ask again once the first turn is under way.
    await e.sandbox.waitFor(() => order.includes('slow:tools'), {
      timeoutMs: 10_000,
      description: 'the slow turn started',
    });
    const quick = await e.sandbox.mention({
      userId: PEOPLE.second,
      channelId: INCIDENTS,
      threadTs: thread,
      text: 'quick one',
    });
    await e.sandbox.waitFor(() => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.startsWith('Quick answer')), {
      timeoutMs: 20_000,
      description: 'the quick answer',
    });
    expect(quick.message.ts).toBeDefined();
    const answers = e.sandbox
      .thread(INCIDENTS, thread)
      .filter((m) => Number(m.ts) > Number(slow.message.ts) && buttons(m).includes(ACTIONS.copilotWhy))
      .map((m) => shown(m).split('\n')[0]);
    expect(answers).toEqual(['Slow answer [E1].', 'Quick answer [E1].']);
    expect(order).toEqual(['slow:tools', 'slow:answer', 'quick:tools', 'quick:answer']);
  });

  it('turns a proposed step into a card classified and gated like a runbook step, and runs nothing', async () => {
    const runsBefore = await e.db.owner.selectFrom('step_runs').select('id').execute();
    copilotCalls = 0;
    script = (_r, nth) =>
      nth === 1
        ? {
            toolCalls: [
              { name: 'get_runbook', arguments: { slug: null, index: 1 } },
              {
                name: 'propose_step',
                arguments: { command: 'kubectl delete namespace payments', why: 'start from a clean namespace' },
              },
            ],
          }
        : { content: 'I proposed a step [E2].\nConfidence: 40%' };
    const answer = await ask(e, thread, 'should we wipe it?');
    const card = e.sandbox
      .thread(INCIDENTS, thread)
      .find((m) => m.user === e.sandbox.botUserId && shown(m).includes('Proposed step'));
    expect(card).toBeDefined();
    const cardText = shown(card);
    expect(cardText).toContain('🔴 dangerous');
    expect(cardText).toContain('a second person types the target to confirm');
    expect(cardText).toContain('Proposed after reading alert, runbook or command-output text');
    expect(cardText).toContain('Nothing has run');
    expect(buttons(card)).toEqual([ACTIONS.startProposal]);
    expect(shown(answer)).toContain('I proposed a step');
    const posted = await e.audit(['copilot.proposal_posted']);
    expect(posted.map((p) => p.data)).toEqual([
      expect.objectContaining({
        command: 'kubectl delete namespace payments',
        level: 'dangerous',
        afterUntrusted: true,
      }),
    ]);
    const runsAfter = await e.db.owner.selectFrom('step_runs').select('id').execute();
    expect(runsAfter).toHaveLength(runsBefore.length);

    // Someone who may not start runs is refused before anything is published.
    await press(e, PEOPLE.viewer, card!, ACTIONS.startProposal);
    await e.sandbox.waitFor(
      () => e.sandbox.ephemerals(PEOPLE.viewer).find((m) => m.text.includes('You need the *responder* role')),
      { timeoutMs: 10_000, description: 'the refusal' },
    );
    const hidden = () =>
      e.db.owner.selectFrom('runbooks').select('slug').where('slug', 'like', 'copilot-proposal-%').execute();
    expect(await hidden()).toEqual([]);

    // A person starts it: the engine runs it as a one-step run, gated like any 🔴 step.
    await press(e, PEOPLE.oncall, card!, ACTIONS.startProposal);
    const step = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.startsWith('Step 1/1') && buttons(m).length > 0),
      { timeoutMs: 15_000, description: 'the proposal’s step card' },
    );
    expect(shown(step)).toContain('🔴 dangerous');
    expect(buttons(step)).toContain(ACTIONS.confirmDangerous);
    const startedCard = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.ts === card!.ts && shown(m).includes('started it as')),
      { timeoutMs: 10_000, description: 'the card saying who started it' },
    );
    expect(buttons(startedCard)).toEqual([]);
    const proposals = await e.db.owner.selectFrom('copilot_proposals').selectAll().execute();
    expect(proposals).toEqual([
      expect.objectContaining({ started_by: PEOPLE.oncall, execution_id: expect.any(String) }),
    ]);
    expect(await e.db.owner.selectFrom('step_runs').select('id').execute()).toHaveLength(runsBefore.length);
  });

  it('stops at the loop bounds with tools withdrawn, and says what it could not finish', async () => {
    copilotCalls = 0;
    script = (request, nth) =>
      hasTools(request)
        ? { toolCalls: [{ name: 'search_runbooks', arguments: { query: `crash loop ${nth}`, limit: 3 } }] }
        : { content: 'Nothing more found [E1].\nConfidence: 90%' };
    const before = copilotRequests().length;
    const answer = await ask(e, thread, 'search everything');
    const requests = copilotRequests().slice(before);
    expect(requests).toHaveLength(5); // COPILOT_MAX_MODEL_CALLS
    expect(requests.slice(0, 4).every(hasTools)).toBe(true);
    expect(hasTools(requests[4]!)).toBe(false);
    expect(shown(answer)).toContain('limit of model calls');
    expect(shown(answer)).toContain('capped: the turn stopped at a limit');
  });

  it('refuses a tool outside the allowlist, audits it, and tightens the turn to strict', async () => {
    copilotCalls = 0;
    script = (_r, nth) =>
      nth === 1
        ? { toolCalls: [{ name: 'run_command', arguments: { command: 'rm -rf /' } }] }
        : { content: 'I cannot run commands.\nConfidence: 50%' };
    const answer = await ask(e, thread, 'just run rm -rf / for me');
    expect(shown(answer)).toContain('I cannot run commands. _(hypothesis: no evidence cited)_');
    expect(shown(answer)).toContain('strict mode');
    const refused = await e.audit(['copilot.tool_refused']);
    expect(refused.map((r) => r.data)).toEqual([
      expect.objectContaining({ tool: 'run_command', outcome: 'refused_not_allowed' }),
    ]);
    const lastRequest = copilotRequests().at(-1)!;
    expect(lastRequest.text).toContain('refused: run_command is not a tool you may use now');
  });

  it('says the model failed instead of leaving the thread silent', async () => {
    script = () => ({ status: 500, message: 'model overloaded', shouldRetry: false });
    const answer = await ask(e, thread, 'and now?');
    expect(shown(answer)).toContain('The copilot could not answer: the model failed');
    expect(shown(answer)).toContain('Nothing was run or changed');
    const failed = await e.audit(['copilot.turn_failed']);
    expect(failed).toHaveLength(1);
  });

  it('opens the turn’s audit bundle from "Why?"', async () => {
    const answered = e.sandbox
      .thread(INCIDENTS, thread)
      .find((m) => shown(m).includes('The alert is KubePodCrashLooping on payments-api'))!;
    await press(e, PEOPLE.second, answered, ACTIONS.copilotWhy);
    const modal = await waitForModal(e.sandbox, PEOPLE.second);
    const text = shown({ blocks: modal.definition.blocks });
    expect(text).toContain('Risk signals');
    expect(text).toContain('urgency 1.00');
    expect(text).toMatch(/Chosen:\* (strict|balanced) mode/);
    expect(text).toContain('`get_incident` {} → *ok* [E1]');
    expect(text).toContain('model gpt-4.1-mini');
  });

  it('stores a 1–5 rating per workspace and team, audited, and shows the trend', async () => {
    const answered = e.sandbox
      .thread(INCIDENTS, thread)
      .find((m) => shown(m).includes('The alert is KubePodCrashLooping on payments-api'))!;
    await press(e, PEOPLE.oncall, answered, `${ACTIONS.copilotRate}_2`);
    await e.sandbox.waitFor(
      () => e.sandbox.ephemerals(PEOPLE.oncall).find((m) => m.text.includes('rated this answer 2/5')),
      {
        timeoutMs: 10_000,
        description: 'the thanks for the rating',
      },
    );
    const cards = await e.db.owner.selectFrom('feedback_cards').selectAll().execute();
    expect(cards).toEqual([
      expect.objectContaining({
        tenant_id: e.tenantId,
        team: 'payments-api',
        kind: 'answer',
        rating: 2,
        user_id: PEOPLE.oncall,
      }),
    ]);
    const given = await e.audit(['copilot.feedback_given']);
    expect(given.map((g) => g.data)).toEqual([expect.objectContaining({ rating: 2, team: 'payments-api' })]);
    await e.sandbox.slashCommand({
      userId: PEOPLE.oncall,
      channelId: INCIDENTS,
      command: '/runbook',
      text: 'feedback',
    });
    const reply = await e.sandbox.waitFor(
      () => e.sandbox.ephemerals(PEOPLE.oncall).find((m) => shown(m).includes('Feedback trend')),
      { timeoutMs: 10_000, description: 'the feedback trend' },
    );
    expect(shown(reply)).toMatch(/\*payments-api\*: \d{4}-W\d{2} 2\.0★ \(1\)/);
    // The same trend in App Home.
    await e.sandbox.openHome({ userId: PEOPLE.manager });
    const home = await e.sandbox.waitFor(
      () => {
        const view = e.sandbox.homeView(PEOPLE.manager);
        return view && shown({ blocks: view.definition.blocks }).includes('Feedback (rating per week)')
          ? view
          : undefined;
      },
      { timeoutMs: 10_000, description: 'the App Home with the feedback trend' },
    );
    expect(shown({ blocks: home.definition.blocks })).toMatch(/\*payments-api\*: \d{4}-W\d{2} 2\.0★ \(1\)/);
  });

  it('recalibrates style within bounds and never the mode or the tools', async () => {
    for (const user of [PEOPLE.second, PEOPLE.manager, PEOPLE.viewer]) {
      const answered = e.sandbox
        .thread(INCIDENTS, thread)
        .find((m) => shown(m).includes('The alert is KubePodCrashLooping on payments-api'))!;
      await press(e, user, answered, `${ACTIONS.copilotRate}_1`);
      await e.sandbox.waitFor(() => e.sandbox.ephemerals(user).find((m) => m.text.includes('rated this answer 1/5')), {
        timeoutMs: 10_000,
        description: `the thanks to ${user}`,
      });
    }
    const result = await e.runtime.copilot.recalibrate();
    expect(result).toEqual({ teams: 1, changed: 1 });
    const style = await e.db.owner.selectFrom('copilot_styles').selectAll().executeTakeFirstOrThrow();
    // Four low ratings of short answers: one step longer (the most a day allows), nothing else.
    expect(style.style).toEqual({ verbosity: 4, format: 'bullets', commandsInline: true, answerChars: 1500 });
    const [changed] = await e.audit(['copilot.style_recalibrated']);
    expect(changed!.data).toMatchObject({ team: 'payments-api', cards: 4 });
    // The next turn writes shorter, with the same mode and tools the signals give.
    copilotCalls = 0;
    script = () => ({ content: 'Short answer.\nConfidence: 20%' });
    const before = (await e.audit(['copilot.turn_answered'])).at(-2)!.data;
    await ask(e, thread, 'summary please');
    const after = (await e.audit(['copilot.turn_answered'])).at(-1)!.data as { params: Record<string, unknown> };
    expect(copilotRequests().at(-1)!.text).toContain('at most 1500 characters');
    expect(after.params.style).toEqual(style.style);
    expect(after.params.tools).toEqual((before as { params: { tools: unknown } }).params.tools);
    expect(after.params.mode).toEqual((before as { params: { mode: unknown } }).params.mode);
  });

  it('asks for a 1–5 on a run when it ends, with an optional note', async () => {
    copilotCalls = 0;
    script = (_r, nth) =>
      nth === 1
        ? { toolCalls: [{ name: 'propose_step', arguments: { command: 'uname -a', why: 'see the kernel' } }] }
        : { content: 'I proposed a look at the kernel [E1].\nConfidence: 50%' };
    await ask(e, thread, 'which kernel is it?');
    const card = await e.sandbox.waitFor(
      () =>
        e.sandbox
          .thread(INCIDENTS, thread)
          .find((m) => shown(m).includes('uname -a') && buttons(m).includes(ACTIONS.startProposal)),
      { timeoutMs: 10_000, description: 'the proposal card' },
    );
    await press(e, PEOPLE.oncall, card, ACTIONS.startProposal);
    const step = await e.sandbox.waitFor(
      () =>
        e.sandbox
          .thread(INCIDENTS, thread)
          .find(
            (m) =>
              m.text.startsWith('Step 1/1') &&
              shown(m).includes('uname -a') &&
              buttons(m).includes(ACTIONS.approveStep),
          ),
      { timeoutMs: 15_000, description: 'the proposal’s step waiting for a click' },
    );
    expect(shown(step)).toContain('🟢 safe');
    await press(e, PEOPLE.oncall, step, ACTIONS.approveStep);
    const runCard = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('How did this run go?')),
      { timeoutMs: 20_000, description: 'the end-of-run card' },
    );
    await press(e, PEOPLE.second, runCard, `${ACTIONS.runFeedback}_4`);
    const modal = await waitForModal(e.sandbox, PEOPLE.second, VIEWS.feedbackNote);
    await e.sandbox.submitView({
      userId: PEOPLE.second,
      viewId: modal.id,
      values: { [BLOCKS.feedbackNote]: { [BLOCKS.feedbackNoteAction]: 'clear steps, quick' } },
    });
    const stored = await eventually(
      () =>
        e.db.owner
          .selectFrom('feedback_cards')
          .selectAll()
          .where('kind', '=', 'run')
          .where('note', 'is not', null)
          .executeTakeFirst(),
      'the run rating with its note',
    );
    expect(stored).toMatchObject({
      rating: 4,
      note: 'clear steps, quick',
      user_id: PEOPLE.second,
      team: 'payments-api',
    });
    const given = (await e.audit(['copilot.feedback_given'])).map((g) => g.data).filter((d) => d.kind === 'run');
    expect(given.map((d) => [d.rating, d.note])).toEqual([
      [4, null],
      [4, 'clear steps, quick'],
    ]);
  });
});

describe('the copilot without a language model', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E();
  });
  afterAll(async () => e?.close());

  it('says once per thread that it is off and how to turn it on; the run goes on', async () => {
    const thread = await incidentThread(e, 'KubePodCrashLooping: api-off-1');
    await e.sandbox.mention({ userId: PEOPLE.oncall, channelId: INCIDENTS, threadTs: thread, text: 'help?' });
    const reply = await e.sandbox.postAsUser({
      userId: PEOPLE.second,
      channelId: INCIDENTS,
      threadTs: thread,
      text: 'anyone?',
    });
    expect(reply.events.map((o) => o.status)).toEqual(['acked']);
    let seen: unknown = null;
    await eventually(async () => {
      const rows = await e.db.owner.selectFrom('copilot_turns').select(['status', 'question']).execute();
      seen = rows;
      return rows.length === 2 && rows.every((r) => r.status === 'off');
    }, 'both turns closed').catch((err: Error) => {
      throw new Error(`${err.message}; turns: ${JSON.stringify(seen)}`);
    });
    const off = e.sandbox.thread(INCIDENTS, thread).filter((m) => shown(m).includes('The copilot is off'));
    expect(off).toHaveLength(1);
    expect(shown(off[0])).toContain('Set OPENAI_API_KEY');
    expect(e.sandbox.thread(INCIDENTS, thread).some((m) => m.text.startsWith('Step 1/'))).toBe(true);
  });

  it('answers nobody without the role to read incidents: a member with no role asking by name is told why', async () => {
    const thread = await incidentThread(e, 'KubePodCrashLooping: api-norole-1');
    const admin = { tenantId: e.tenantId, userId: PEOPLE.manager };
    const viewerGrant = { principalKind: 'user' as const, principalId: PEOPLE.viewer, role: 'viewer' as const };
    await e.runtime.authz.revoke(admin, viewerGrant);
    try {
      await e.sandbox.mention({
        userId: PEOPLE.viewer,
        channelId: INCIDENTS,
        threadTs: thread,
        text: 'show me the audit',
      });
      await e.sandbox.waitFor(
        () => e.sandbox.ephemerals(PEOPLE.viewer).find((m) => m.text.includes('You need the *viewer* role')),
        { timeoutMs: 15_000, description: 'the refusal, to the asker only' },
      );
      const asked = await e.db.owner
        .selectFrom('copilot_turns')
        .select('id')
        .where('user_id', '=', PEOPLE.viewer)
        .execute();
      expect(asked).toEqual([]);
      // Nor may they read an answer's record ("Why?") or rate one (ratings tune the copilot).
      const turnId = randomUUID();
      for (const [actionId, value] of [
        [ACTIONS.copilotWhy, { t: turnId }],
        [`${ACTIONS.copilotRate}_5`, { t: turnId, r: 5 }],
      ] as const) {
        const copy = await staleCopy(e, thread, actionId, JSON.stringify(value));
        await press(e, PEOPLE.viewer, copy, actionId);
      }
      await e.sandbox.waitFor(
        () =>
          e.sandbox.ephemerals(PEOPLE.viewer).filter((m) => m.text.includes('You need the *viewer* role')).length === 3,
        { timeoutMs: 15_000, description: 'three refusals' },
      );
      expect(e.sandbox.openViews(PEOPLE.viewer)).toHaveLength(0);
      const refused = await e.audit(['authz.refused']);
      expect(refused.filter((ev) => ev.actor === PEOPLE.viewer)).toHaveLength(3);
    } finally {
      await e.runtime.authz.grant(admin, viewerGrant);
    }
  });
});
