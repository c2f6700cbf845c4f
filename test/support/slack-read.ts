import type { SandboxMessage, SlackSandbox } from '../../src/sandbox/index.js';

/** Text of a message as a person reads it: its fallback text and every text in its blocks. */
export function shown(m: { text?: string; blocks?: unknown } | undefined): string {
  if (!m) return '';
  const parts: string[] = m.text ? [m.text] : [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(m.blocks);
  return parts.join('\n');
}

/** The action ids of the buttons a person can press on a message. */
export function buttons(m: SandboxMessage | undefined): string[] {
  const ids: string[] = [];
  for (const block of (m?.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id?: string }> }>) {
    if (block.type === 'actions') for (const el of block.elements ?? []) if (el.action_id) ids.push(el.action_id);
  }
  return ids;
}

/** The value a button carries (to re-post a stale copy of it, as an old message would). */
export function buttonValue(m: SandboxMessage, actionId: string): string {
  for (const block of (m.blocks ?? []) as Array<{
    type: string;
    elements?: Array<{ action_id?: string; value?: string }>;
  }>) {
    const el = block.elements?.find((e) => e.action_id === actionId);
    if (el?.value) return el.value;
  }
  throw new Error(`no button ${actionId} on message ${m.ts}`);
}

/** The thread message of step n ("Step n/…"). */
export function stepMessage(
  sandbox: SlackSandbox,
  channel: string,
  threadTs: string,
  n: number,
): SandboxMessage | undefined {
  return sandbox.thread(channel, threadTs).find((m) => m.text.startsWith(`Step ${n}/`));
}

/** Waits until step n's message satisfies `ready` and returns it. */
export function waitForStep(
  sandbox: SlackSandbox,
  channel: string,
  threadTs: string,
  n: number,
  ready: (m: SandboxMessage) => boolean,
  timeoutMs = 20_000,
): Promise<SandboxMessage> {
  return sandbox
    .waitFor(
      () => {
        const m = stepMessage(sandbox, channel, threadTs, n);
        return m && ready(m) ? m : undefined;
      },
      { timeoutMs, description: `step ${n} to reach the expected state` },
    )
    .catch((err: Error) => {
      // Say what the step looked like instead, so a failure explains itself.
      const m = stepMessage(sandbox, channel, threadTs, n);
      err.message += m
        ? `; it shows: ${shown(m).replace(/\s+/g, ' ').slice(0, 600)} [buttons: ${buttons(m).join(', ')}]`
        : '; no such step message';
      throw err;
    });
}

/** The modal a person has on screen, once the app has opened it (views.open follows the ack). */
export function waitForModal(sandbox: SlackSandbox, userId: string, callbackId?: string) {
  return sandbox.waitFor(
    () =>
      sandbox
        .openViews(userId)
        .filter((v) => callbackId === undefined || v.definition.callback_id === callbackId)
        .at(-1),
    { timeoutMs: 10_000, description: `a modal for ${userId}` },
  );
}
