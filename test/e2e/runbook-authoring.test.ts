import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_STEP_MESSAGE } from '../../src/runbooks/index.js';
import type { SandboxEphemeral, SandboxMessage, SandboxView } from '../../src/sandbox/index.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.js';
import { type E2E, E2E_RUNBOOKS, INCIDENTS, PEOPLE, REPO_ROOT, startE2E } from '../support/e2e.js';
import { press } from '../support/e2e-actions.js';
import { shown } from '../support/slack-read.js';

const viewShown = (v: SandboxView | undefined) => shown({ blocks: v?.definition.blocks });
const viewTitle = (v: SandboxView | undefined) => (v?.definition.title as { text: string } | undefined)?.text;

function buttons(m: SandboxMessage | undefined): Array<{ actionId: string; text: string }> {
  const out: Array<{ actionId: string; text: string }> = [];
  for (const block of (m?.blocks ?? []) as Array<{
    type: string;
    elements?: Array<{ action_id?: string; text?: { text: string } }>;
  }>) {
    if (block.type === 'actions')
      for (const el of block.elements ?? [])
        if (el.action_id) out.push({ actionId: el.action_id, text: el.text?.text ?? '' });
  }
  return out;
}

/** What went wrong against Slack's rules in these flows: late or invalid acks, dead response URLs, 429s. */
const interactionFailures = (e: E2E) => e.sandbox.failures().map((f) => `${f.kind}: ${f.description}`);

/** What an author pastes: front matter with a described variable, 🟢 🟡 ⬜ 🔴 commands and one vague step. */
const PASTED = `---
title: Checkout queue is stuck
services: [checkout-worker]
variables:
  NAMESPACE: { description: Namespace of the checkout workers, default: checkout }
---

# Checkout queue is stuck

## Diagnosis

1. List the worker pods:

   \`\`\`bash
   kubectl -n $NAMESPACE get pods -l app=checkout-worker
   \`\`\`

2. Check the logs.

## Mitigation

3. Restart the workers:

   \`\`\`bash
   kubectl -n $NAMESPACE rollout restart deployment/checkout-worker
   \`\`\`

4. Run the vendor's queue repair tool:

   \`\`\`bash
   ./vendor/queue-repair --all
   \`\`\`

5. If nothing helps, drop the stuck queue:

   \`\`\`bash
   kubectl -n $NAMESPACE delete namespace checkout-queue
   \`\`\`
`;

describe('runbook authoring and choosing in Slack (real Bolt app against the sandbox)', () => {
  let e: E2E;
  let dir: string;
  const AUTHOR = PEOPLE.oncall;

  beforeAll(async () => {
    // The e2e crash-loop runbook (service payments-api) and the shipped sample share the alert name KubePodCrashLooping.
    dir = mkdtempSync(path.join(os.tmpdir(), 'rbc-e2e-authoring-'));
    copyFileSync(path.join(E2E_RUNBOOKS, 'pod-crash-looping.md'), path.join(dir, 'pod-crash-looping.md'));
    copyFileSync(path.join(REPO_ROOT, 'runbooks/crash-looping-pod.md'), path.join(dir, 'crash-looping-pod.md'));
    e = await startE2E({ runbooksDir: dir });
  });
  afterAll(async () => {
    await e?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const runbookCommand = (userId: string, text: string) =>
    e.sandbox.slashCommand({ userId, channelId: INCIDENTS, command: '/runbook', text });
  /** The next ephemeral reply to this person after `before` replies. */
  const nextEphemeral = (userId: string, before: number): Promise<SandboxEphemeral> =>
    e.sandbox.waitFor(() => e.sandbox.ephemerals(userId)[before], {
      timeoutMs: 10_000,
      description: `ephemeral #${before + 1} for ${userId}`,
    });
  const versionsOf = (slug: string) =>
    e.db.owner
      .selectFrom('runbook_versions')
      .innerJoin('runbooks', 'runbooks.id', 'runbook_versions.runbook_id')
      .select([
        'runbook_versions.version',
        'runbook_versions.source_kind',
        'runbook_versions.source_text',
        'runbook_versions.created_by',
      ])
      .where('runbooks.slug', '=', slug)
      .orderBy('runbook_versions.version')
      .execute();

  async function openNewRunbookModal(userId: string): Promise<SandboxView> {
    const outcome = await runbookCommand(userId, 'new');
    expect(outcome.status).toBe('acked');
    return e.sandbox.waitFor(() => e.sandbox.openViews(userId).at(-1), {
      timeoutMs: 10_000,
      description: 'the new-runbook modal',
    });
  }

  it('/runbook new opens the modal with one field to paste into', async () => {
    const modal = await openNewRunbookModal(AUTHOR);
    expect(modal.definition.callback_id).toBe(VIEWS.newRunbook);
    expect(viewTitle(modal)).toBe('New runbook');
    expect((modal.definition.submit as { text: string }).text).toBe('Compile and save');
    expect(viewShown(modal)).toContain('Paste the runbook');
    await e.sandbox.closeView({ userId: AUTHOR, viewId: modal.id });
    expect(e.sandbox.openViews(AUTHOR)).toEqual([]);
  });

  it('turns pasted Markdown into its preview and stores version 1 by the Slack user', async () => {
    const modal = await openNewRunbookModal(AUTHOR);
    const outcome = await e.sandbox.submitView({
      userId: AUTHOR,
      viewId: modal.id,
      values: { [BLOCKS.runbookTextInput]: { [BLOCKS.runbookTextAction]: PASTED } },
    });
    expect(outcome.status).toBe('acked');

    const preview = e.sandbox.openViews(AUTHOR).at(-1);
    expect(viewTitle(preview)).toBe('Saved v1');
    const text = viewShown(preview);
    expect(text).toContain('📘 Checkout queue is stuck');
    expect(text).toContain('`checkout-queue-is-stuck` v1 · 5 steps · 🟢 1 🟡 1 🔴 1 ⬜ 1 📋 1');
    expect(text).toContain('🟢 *1.* List the worker pods');
    expect(text).toContain('📋 *2.* Check the logs');
    expect(text).toContain('🟡 *3.* Restart the workers');
    expect(text).toContain("⬜ *4.* Run the vendor's queue repair tool");
    expect(text).toContain('🔴 *5.* If nothing helps, drop the stuck queue');
    expect(text).toContain('`kubectl -n $NAMESPACE delete namespace checkout-queue`');
    expect(text).toMatch(/\*Variables\*.*`\$NAMESPACE` \(Namespace of the checkout workers\)/);
    expect(text).toMatch(/\*Questions for the author\*\n• Step 2: Which logs/);

    const versions = await versionsOf('checkout-queue-is-stuck');
    expect(versions).toEqual([{ version: 1, source_kind: 'slack', source_text: PASTED, created_by: AUTHOR }]);
    const created = (await e.audit(['runbook.version_created'])).find(
      (ev) => ev.data.slug === 'checkout-queue-is-stuck',
    );
    expect(created).toMatchObject({ actor: AUTHOR, data: { version: 1, sourceKind: 'slack', steps: 5 } });
    await e.sandbox.closeView({ userId: AUTHOR, viewId: preview!.id });
  });

  it('keeps the modal open with the reason beside the field when the text has no actionable step', async () => {
    const before = await e.db.owner.selectFrom('runbook_versions').select('id').execute();
    const modal = await openNewRunbookModal(AUTHOR);
    const outcome = await e.sandbox.submitView({
      userId: AUTHOR,
      viewId: modal.id,
      values: {
        [BLOCKS.runbookTextInput]: {
          [BLOCKS.runbookTextAction]: '# Checkout\n\nThe checkout service was written in 2019 and talks to the bank.',
        },
      },
    });
    expect(outcome.status).toBe('acked');
    const still = e.sandbox.openViews(AUTHOR);
    expect(still).toHaveLength(1);
    expect(still[0]).toMatchObject({ id: modal.id, errors: { [BLOCKS.runbookTextInput]: NO_STEP_MESSAGE } });
    expect(viewTitle(still[0])).toBe('New runbook');
    expect(await e.db.owner.selectFrom('runbook_versions').select('id').execute()).toHaveLength(before.length);
    await e.sandbox.closeView({ userId: AUTHOR, viewId: modal.id });
  });

  it('/runbook list lists the library, newest versions, with step counts', async () => {
    const before = e.sandbox.ephemerals(PEOPLE.viewer).length;
    await runbookCommand(PEOPLE.viewer, 'list');
    const reply = await nextEphemeral(PEOPLE.viewer, before);
    expect(reply.text).toContain('3 runbooks:');
    expect(reply.text).toContain('• *Checkout queue is stuck* (`checkout-queue-is-stuck` v1, 5 steps)');
    expect(reply.text).toContain('• *Pod is crash looping* (`crash-looping-pod` v1, 11 steps)');
    expect(reply.text).toContain('• *Pod crash looping (e2e)* (`pod-crash-looping` v1, 3 steps)');
  });

  it('/runbook preview <slug> shows the steps with their risk badges', async () => {
    const before = e.sandbox.ephemerals(PEOPLE.viewer).length;
    await runbookCommand(PEOPLE.viewer, 'preview crash-looping-pod');
    const reply = await nextEphemeral(PEOPLE.viewer, before);
    const text = shown(reply);
    expect(reply.text).toBe('Preview of crash-looping-pod');
    expect(text).toContain('📘 Pod is crash looping');
    expect(text).toContain('`crash-looping-pod` v1 · 11 steps');
    expect(text).toContain("🟢 *1.* Check the pod's state, restarts, node and owner");
    expect(text).toContain('🟡 *6.* If the crashes started with the last rollout, roll it back');
    expect(text).toContain('↩️ rollback: `kubectl -n $NAMESPACE rollout undo deployment/$DEPLOYMENT`');
    expect(text).toContain('*Before you start*');
    expect(text).toContain("`$POD` (Name of the crash-looping pod, from the alert's pod label)");
  });

  it('/runbook preview nope says there is no such runbook', async () => {
    const before = e.sandbox.ephemerals(PEOPLE.viewer).length;
    await runbookCommand(PEOPLE.viewer, 'preview nope');
    const reply = await nextEphemeral(PEOPLE.viewer, before);
    expect(reply.text).toBe('⚠️ No runbook `nope`. See `/runbook list`.');
  });

  it('/runbook classify answers 🟢 for a read-only command, with the rule that decided', async () => {
    const outcome = await runbookCommand(PEOPLE.viewer, 'classify kubectl get pods -n payments');
    expect(outcome.status).toBe('acked');
    const reply = e.sandbox.ephemerals(PEOPLE.viewer).at(-1)!;
    expect(reply.text).toBe('🟢 safe: kubectl get pods -n payments');
    const text = shown(reply);
    expect(text).toContain('*🟢 safe*');
    expect(text).toContain('`kubectl.get` on `kubectl get pods -n payments`: Lists or reads resources.');
  });

  it('offers the runners-up as “Use: …” buttons, and pressing one starts that runbook instead', async () => {
    const fired = await e.fireAlert(
      { title: 'KubePodCrashLooping: pod payments/api-7d9f is crash looping', service: 'payments-api' },
      'pd-authoring-1',
    );
    expect(fired.status).toBe(202);
    const matched = await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.text.includes('Runbook matched')),
      {
        timeoutMs: 15_000,
      },
    );
    // Best: the e2e runbook (alert name and service); runner-up: the sample with the same alert name.
    expect(shown(matched)).toContain('📘 *Pod crash looping (e2e)* · 3 steps');
    expect(shown(matched)).toContain('Confidence: *high* (100%)');
    expect(shown(matched)).toContain('Runners-up: Pod is crash looping (90%)');
    const runnerUp = buttons(matched).find((b) => b.text.startsWith('Use: '));
    expect(buttons(matched)).toEqual([
      { actionId: ACTIONS.startRun, text: '▶ Start' },
      { actionId: `${ACTIONS.pickRunnerUp}_0`, text: 'Use: Pod is crash looping (90%)' },
    ]);

    await press(e, PEOPLE.oncall, matched, runnerUp!.actionId);
    const started = await e.sandbox.waitFor(
      () => e.sandbox.thread(INCIDENTS, matched.ts).find((m) => m.text.includes('Run started by')),
      {
        timeoutMs: 15_000,
      },
    );
    expect(started.text).toContain(`▶ Run started by <@${PEOPLE.oncall}>: *Pod is crash looping*, 11 steps`);
    const updated = await e.sandbox.waitFor(
      () => e.sandbox.messages(INCIDENTS).find((m) => m.ts === matched.ts && shown(m).includes('Started by')),
      { timeoutMs: 10_000 },
    );
    expect(shown(updated)).toContain(`▶ Started by <@${PEOPLE.oncall}>: *Pod is crash looping*`);
    expect(buttons(updated)).toEqual([]);

    const sample = (await e.runtime.runbooks.listLatest(e.tenantId)).find((v) => v.slug === 'crash-looping-pod')!;
    const executions = await e.db.owner.selectFrom('executions').select(['runbook_version_id', 'started_by']).execute();
    expect(executions).toEqual([{ runbook_version_id: sample.id, started_by: PEOPLE.oncall }]);
  });

  it('publishes only for authors; raising trust or adding approvers needs an admin, and the diff is shown', async () => {
    const submit = async (userId: string, text: string) => {
      const modal = await openNewRunbookModal(userId);
      await e.sandbox.submitView({
        userId,
        viewId: modal.id,
        values: { [BLOCKS.runbookTextInput]: { [BLOCKS.runbookTextAction]: text } },
      });
      return e.sandbox.openViews(userId).at(-1);
    };
    const hijack = PASTED.replace(
      'services: [checkout-worker]',
      `services: [checkout-worker]\ntrust_level: 2\napprovers: [${PEOPLE.oncall}]`,
    );
    expect(hijack).not.toBe(PASTED);

    const byViewer = await submit(PEOPLE.viewer, hijack);
    expect(byViewer?.errors?.[BLOCKS.runbookTextInput]).toContain('You need the *author* role');
    await e.sandbox.closeView({ userId: PEOPLE.viewer, viewId: byViewer!.id });

    const byAuthor = await submit(AUTHOR, hijack);
    expect(byAuthor?.errors?.[BLOCKS.runbookTextInput]).toContain('You need the *admin* role');
    expect(byAuthor?.errors?.[BLOCKS.runbookTextInput]).toContain('raise a runbook’s trust level or add approvers');
    await e.sandbox.closeView({ userId: AUTHOR, viewId: byAuthor!.id });
    expect(await versionsOf('checkout-queue-is-stuck')).toHaveLength(1);

    const byAdmin = await submit(PEOPLE.manager, hijack);
    expect(viewTitle(byAdmin)).toBe('Saved v2');
    expect(viewShown(byAdmin)).toContain('trust level 0 → 2');
    expect(viewShown(byAdmin)).toContain(`approvers added: ${PEOPLE.oncall}`);
    await e.sandbox.closeView({ userId: PEOPLE.manager, viewId: byAdmin!.id });
    const created = (await e.audit(['runbook.version_created'])).filter(
      (ev) => ev.data.slug === 'checkout-queue-is-stuck',
    );
    expect(created.at(-1)).toMatchObject({ actor: PEOPLE.manager, data: { version: 2, diff: { trustLevel: [0, 2] } } });
  });

  it('broke none of Slack’s promises on the way (acks in time, valid acks, blocks and views)', () => {
    expect(interactionFailures(e)).toEqual([]);
  });
});

describe('runbook authoring with an LLM that takes longer than Slack’s 3-second budget', () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E({ llm: true });
    // The extraction never answers: the product waits for its LLM timeout (3 s here), then uses the deterministic result.
    e.llm!.setHandler(() => ({ hang: true }));
  });
  afterAll(async () => e?.close());

  it('acknowledges the modal in time, then shows the preview when the compile finishes', async () => {
    await e.sandbox.slashCommand({ userId: PEOPLE.oncall, channelId: INCIDENTS, command: '/runbook', text: 'new' });
    const modal = await e.sandbox.waitFor(() => e.sandbox.openViews(PEOPLE.oncall).at(-1), { timeoutMs: 10_000 });
    const outcome = await e.sandbox.submitView({
      userId: PEOPLE.oncall,
      viewId: modal.id,
      values: { [BLOCKS.runbookTextInput]: { [BLOCKS.runbookTextAction]: PASTED } },
    });
    expect(outcome.status).toBe('acked');
    expect(viewShown(e.sandbox.openViews(PEOPLE.oncall).at(-1))).toContain('Compiling');

    const preview = await e.sandbox.waitFor(
      () => e.sandbox.openViews(PEOPLE.oncall).find((v) => viewTitle(v) === 'Saved v1'),
      { timeoutMs: 15_000, description: 'the preview after the LLM timed out' },
    );
    expect(preview.id).toBe(modal.id);
    const text = viewShown(preview);
    expect(text).toContain('📘 Checkout queue is stuck');
    expect(text).toContain('🔴 *5.* If nothing helps, drop the stuck queue');
    expect(text).toContain('LLM extraction failed (timeout)');
    expect(e.llm!.requests.length).toBeGreaterThan(0);
    expect(interactionFailures(e)).toEqual([]);
    await e.sandbox.closeView({ userId: PEOPLE.oncall, viewId: preview.id });
  });

  it('when the slow compile finds nothing to run, puts the form back with the reason and the text kept', async () => {
    await e.sandbox.slashCommand({ userId: PEOPLE.oncall, channelId: INCIDENTS, command: '/runbook', text: 'new' });
    const modal = await e.sandbox.waitFor(() => e.sandbox.openViews(PEOPLE.oncall).at(-1), { timeoutMs: 10_000 });
    const prose = '# Checkout\n\nThe checkout service was written in 2019 and talks to the bank.';
    const outcome = await e.sandbox.submitView({
      userId: PEOPLE.oncall,
      viewId: modal.id,
      values: { [BLOCKS.runbookTextInput]: { [BLOCKS.runbookTextAction]: prose } },
    });
    expect(outcome.status).toBe('acked');
    const form = await e.sandbox.waitFor(
      () => e.sandbox.openViews(PEOPLE.oncall).find((v) => viewShown(v).includes('No actionable step found')),
      { timeoutMs: 15_000, description: 'the form with the reason' },
    );
    expect(form.id).toBe(modal.id);
    expect(viewTitle(form)).toBe('New runbook');
    const input = (form.definition.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find(
      (b) => b.block_id === BLOCKS.runbookTextInput,
    );
    expect(input?.element?.initial_value).toBe(prose);
    expect(interactionFailures(e)).toEqual([]);
  });
});
