import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { ACTIONS } from '../../src/slack/ids.js';
import { type E2E, INCIDENTS, PEOPLE, startE2E } from '../support/e2e.js';
import { ephemeral, openIncident, press, staleCopy } from '../support/e2e-actions.js';
import { buttons, shown } from '../support/slack-read.js';

describe('walking skeleton: one PagerDuty alert through the whole product', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ env: { GOVERNANCE_MODE: 'audit' } });
  });
  afterAll(async () => {
    await e?.close();
  });

  const stepMessage = (threadTs: string, n: number) =>
    e.sandbox.thread(INCIDENTS, threadTs).find((m) => m.text.startsWith(`Step ${n}/`));

  it('matches the alert, walks the steps with the right gates, and audits every decision', async () => {
    // 1. PagerDuty delivers; a redelivery of the same (signed) event is acknowledged and ignored.
    const delivery = {
      title: 'KubePodCrashLooping: payments/api-7d9f is crash looping',
      service: 'payments-api',
      incidentId: 'QSKELETON1',
      eventId: 'PDEVT1',
    };
    const first = await e.fireAlert(delivery, 'pd-wh-1');
    expect(first.status).toBe(202);
    const again = await e.fireAlert(delivery, 'pd-wh-1');
    expect(again.status).toBe(200);

    // 2. "🔔 Runbook matched" with ▶ Start lands in the incident channel, once.
    const matched = await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Runbook matched')),
      {
        timeoutMs: 15_000,
      },
    );
    expect(shown(matched)).toContain('Pod crash looping (e2e)');
    expect(shown(matched)).toMatch(/Confidence: \*high\*/);
    expect(buttons(matched)).toContain(ACTIONS.startRun);
    expect(e.sandbox.messages(INCIDENTS).filter((m) => m.text.includes('Runbook matched'))).toHaveLength(1);

    // 3. ▶ Start opens the thread.
    await press(e, PEOPLE.oncall, matched, ACTIONS.startRun);
    await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, matched.ts).find((m) => m.text.includes('Run started by')),
      { timeoutMs: 10_000 },
    );

    // 4. The read-only step runs by itself (audit mode, trust level 1) and shows its output.
    const step1 = await e.sandbox.waitFor(
      () => {
        const m = stepMessage(matched.ts, 1);
        return m && shown(m).includes('Succeeded') ? m : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(shown(step1)).toContain('🟢 safe');
    expect(shown(step1)).toContain('Linux'); // uname -a output
    expect(buttons(step1)).toEqual([]);

    // 5. The state-changing step waits for Approve; nothing ran yet.
    const step2 = await e.sandbox.waitFor(
      () => {
        const m = stepMessage(matched.ts, 2);
        return m && buttons(m).includes(ACTIONS.approveStep) ? m : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(shown(step2)).toContain('🟡 caution');
    expect(shown(step2)).toContain('Waiting for approval');
    expect(buttons(step2)).toEqual([ACTIONS.approveStep, ACTIONS.editStep, ACTIONS.skipStep, ACTIONS.abortRun]);
    expect(existsSync(e.file('e2e-marker'))).toBe(false);

    await press(e, PEOPLE.second, step2, ACTIONS.approveStep);
    await e.sandbox.waitFor(() => (shown(stepMessage(matched.ts, 2)).includes('Succeeded') ? true : undefined), {
      timeoutMs: 20_000,
    });
    expect(existsSync(e.file('e2e-marker'))).toBe(true);
    expect(shown(stepMessage(matched.ts, 2))).toContain(`approved by <@${PEOPLE.second}>`);

    // 6. An instruction without a command waits for a person to mark it done.
    const step3 = await e.sandbox.waitFor(
      () => {
        const m = stepMessage(matched.ts, 3);
        return m && buttons(m).includes(ACTIONS.markDone) ? m : undefined;
      },
      { timeoutMs: 20_000 },
    );
    await press(e, PEOPLE.oncall, step3, ACTIONS.markDone);

    // 7. The run ends with a summary.
    const summary = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, matched.ts).find((m) => m.text.includes('Runbook finished')),
      {
        timeoutMs: 20_000,
      },
    );
    expect(shown(summary)).toMatch(/2 ran · 1 marked done by a person · 0 skipped/);
    expect(shown(summary)).toContain(`approved by <@${PEOPLE.second}>`);

    // 8. The audit log holds every decision, in order, chained.
    const events = await e.audit();
    const types = events.map((ev) => ev.type);
    for (const type of [
      'alert.received',
      'incident.opened',
      'alert.matched',
      'execution.started',
      'command.classified',
      'execution.step_auto_approved',
      'execution.step_started',
      'execution.step_succeeded',
      'execution.step_approval_requested',
      'execution.step_approved',
      'execution.completed',
    ] as const) {
      expect(types, type).toContain(type);
    }
    expect(types.indexOf('execution.step_approval_requested')).toBeLessThan(types.indexOf('execution.step_approved'));
    const approved = events.find((ev) => ev.type === 'execution.step_approved')!;
    expect(approved.actor).toBe(PEOPLE.second);
    expect(approved.data).toMatchObject({ approverSlackUserId: PEOPLE.second, level: 'caution' });
    expect((await verifyAuditChain(e.runtime.db, e.tenantId)).ok).toBe(true);

    const inbox = await e.db.owner.selectFrom('alert_inbox').select(['status', 'delivery_id']).execute();
    expect(inbox).toEqual([{ status: 'matched', delivery_id: 'event_PDEVT1' }]);
  });

  it('ends the run on Abort: later steps never run, and a finished run says so to a late clicker', async () => {
    rmSync(e.file('e2e-marker'), { force: true });
    const thread = await openIncident(
      e,
      { title: 'KubePodCrashLooping: payments/api-0001 again', service: 'payments-api' },
      PEOPLE.oncall,
      { webhookId: 'pd-wh-2' },
    );
    const step2 = await e.sandbox.waitFor(
      () => {
        const m = stepMessage(thread, 2);
        return m && buttons(m).includes(ACTIONS.abortRun) ? m : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const approveValue = (
      (step2.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    )
      .find((b) => b.type === 'actions')!
      .elements!.find((el) => el.action_id === ACTIONS.approveStep)!.value;
    await press(e, PEOPLE.oncall, step2, ACTIONS.abortRun);
    const summary = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, thread).find((m) => m.text.includes('Run aborted')),
      {
        timeoutMs: 20_000,
      },
    );
    expect(shown(summary)).toContain(`aborted by <@${PEOPLE.oncall}>`);
    await e.sandbox.waitFor(() => (shown(stepMessage(thread, 2)).includes('Aborted') ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(buttons(stepMessage(thread, 2))).toEqual([]);
    expect(stepMessage(thread, 3)).toBeUndefined();
    expect(existsSync(e.file('e2e-marker'))).toBe(false);

    // A message left over from the finished run (here re-posted as it was) still has its Approve button.
    const stale = await staleCopy(e, thread, ACTIONS.approveStep, approveValue);
    await press(e, PEOPLE.second, stale, ACTIONS.approveStep);
    const refusal = await ephemeral(e, PEOPLE.second, 'already aborted');
    expect(refusal.text).toContain('nothing more can happen in it');
    expect(existsSync(e.file('e2e-marker'))).toBe(false);
  });

  it('explains a button of a run it does not know', async () => {
    const ghost = await staleCopy(
      e,
      undefined,
      ACTIONS.approveStep,
      JSON.stringify({ s: '00000000-0000-4000-8000-000000000000', b: 'f'.repeat(64) }),
    );
    await press(e, PEOPLE.oncall, ghost, ACTIONS.approveStep);
    const refusal = await ephemeral(e, PEOPLE.oncall, 'does not exist');
    expect(refusal.text).toContain('This step belongs to a run that does not exist');
    // A value the product never wrote is refused before anything is looked up.
    const forged = await staleCopy(e, undefined, ACTIONS.approveStep, JSON.stringify({ s: 'x', b: 'x', evil: 1 }));
    await press(e, PEOPLE.oncall, forged, ACTIONS.approveStep);
    await ephemeral(e, PEOPLE.oncall, 'This button was not made by Runbook Copilot');
  });

  it('reports ready with Postgres, Redis and the Slack connection up, and serves metrics', async () => {
    const ready = await fetch(`${e.web.url}/readyz`);
    expect(ready.status).toBe(200);
    // The live probes decide readiness; the scheduled ops checks are listed beside them (docs/operations.md).
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { postgres: { ok: true }, redis: { ok: true }, slack: { ok: true }, health_monitor: { critical: false } },
    });
    expect((await fetch(`${e.web.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${e.web.url}/metrics`)).text();
    expect(metrics).toMatch(/runbook_webhook_deliveries_total\{source="pagerduty",outcome="stored"\} \d+/);
  });

  it('answers /runbook help with the commands that exist', async () => {
    const outcome = await e.sandbox.slashCommand({
      userId: PEOPLE.viewer,
      channelId: INCIDENTS,
      command: '/runbook',
      text: 'help',
    });
    expect(outcome.status).toBe('acked');
    const reply = e.sandbox.ephemerals(PEOPLE.viewer).at(-1)!;
    for (const usage of [
      '/runbook help',
      '/runbook classify <command>',
      '/runbook list',
      '/runbook preview <slug>',
      '/runbook new',
    ]) {
      expect(reply.text).toContain(usage);
    }
  });
});
