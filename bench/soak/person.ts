/**
 * An on-call engineer and a second responder in the sandbox, acting only on what is shown:
 * ▶ Start on some announcements, Approve on steps that wait for one.
 */
interface PageMessage {
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: Array<{ type: string; elements?: Array<{ action_id?: string }> }> | null;
}

export interface SandboxState {
  messages: Record<string, PageMessage[]>;
}

export const INCIDENTS = 'C0INCIDENTS';
const ONCALL = 'U0ONCALL01';
const SECOND = 'U0RESPOND2';

export async function readState(sandboxUrl: string): Promise<SandboxState> {
  const res = await fetch(`${sandboxUrl}/_sandbox/state?user=${SECOND}`);
  return (await res.json()) as SandboxState;
}

function hasButton(m: PageMessage, actionId: string): boolean {
  return (m.blocks ?? []).some((b) => b.type === 'actions' && (b.elements ?? []).some((e) => e.action_id === actionId));
}

async function click(sandboxUrl: string, userId: string, messageTs: string, actionId: string): Promise<void> {
  await fetch(`${sandboxUrl}/_sandbox/click`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, channelId: INCIDENTS, messageTs, actionId }),
  }).catch(() => undefined);
}

/** One look at the channel: start the chosen incidents, approve waiting steps (each button retried after 20 s). */
export async function actOnce(
  sandboxUrl: string,
  state: SandboxState,
  wantsRun: (title: string) => boolean,
  pressed: Map<string, number>,
): Promise<{ starts: number; approvals: number }> {
  let starts = 0;
  let approvals = 0;
  const now = Date.now();
  for (const m of state.messages[INCIDENTS] ?? []) {
    for (const [action, user] of [
      ['run_start', ONCALL],
      ['step_approve', SECOND],
    ] as const) {
      if (!hasButton(m, action)) continue;
      if (action === 'run_start' && !wantsRun(m.text)) continue;
      const key = `${m.ts}:${action}`;
      if ((pressed.get(key) ?? 0) > now - 20_000) continue;
      pressed.set(key, now);
      await click(sandboxUrl, user, m.ts, action);
      if (action === 'run_start') starts += 1;
      else approvals += 1;
    }
  }
  return { starts, approvals };
}
