import { randomUUID } from 'node:crypto';
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { Governance } from '../../../src/governance/mode.js';
import { DomainError } from '../../../src/lib/errors.js';
import { createLogger } from '../../../src/lib/logger.js';
import { encodeValue } from '../../../src/slack/codecs.js';
import { registerStepAction, type StepButtonInput } from '../../../src/slack/listeners/actions/step-action.js';
import type { ListenerContext, SlackServices } from '../../../src/slack/listeners/context.js';
import { createTenantGuard } from '../../../src/slack/tenant-guard.js';

// A step button's listener below the e2e level: Bolt's handler is called with the payload
// Slack would send, and the test reads what the clicker is told and what reached the service.

type Handler = (args: Record<string, unknown>) => Promise<void>;

const HOME_TEAM = 'T0HOME';
const STEP_ID = randomUUID();
const BINDING = 'a'.repeat(64);

function harness(service: (input: StepButtonInput) => Promise<unknown>) {
  const handlers = new Map<string, Handler>();
  const app = { action: (id: string, h: Handler) => handlers.set(id, h) } as unknown as App;
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => lines.push(JSON.parse(l)) } });
  const governance: Pick<Governance, 'workspace' | 'registerWorkspace'> = {
    workspace: async (teamId) => (teamId === HOME_TEAM ? ({ tenantId: HOME_TEAM, enterpriseId: null } as never) : null),
    registerWorkspace: async () => undefined as never,
  };
  const tenants = createTenantGuard({ governance, installEnterpriseId: () => null });
  const ctx: ListenerContext = { app, logger, services: { tenants } as unknown as SlackServices };
  registerStepAction(ctx, 'step_skip', service);
  const told: Array<{ channel: string; user: string; text: string; thread_ts?: string }> = [];
  const client = { chat: { postEphemeral: async (m: (typeof told)[number]) => told.push(m) } } as unknown as WebClient;
  const click = async (opts: { team?: string; value?: string }) => {
    let acked = false;
    await handlers.get('step_skip')!({
      ack: async () => {
        acked = true;
      },
      client,
      action: { action_id: 'step_skip', value: opts.value ?? encodeValue('step', { s: STEP_ID, b: BINDING }) },
      body: {
        type: 'block_actions',
        trigger_id: 'trig-1',
        team: { id: opts.team ?? HOME_TEAM },
        user: { id: 'U0CLICKER', team_id: opts.team ?? HOME_TEAM },
        channel: { id: 'C0INCIDENTS' },
        message: { ts: '111.222', thread_ts: '100.000' },
      },
    });
    return acked;
  };
  return { click, told, lines };
}

describe('a step button listener', () => {
  it('acks, then passes the payload’s tenant, user, step and binding to the service', async () => {
    const calls: StepButtonInput[] = [];
    const h = harness(async (input) => calls.push(input));
    expect(await h.click({})).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      tenantId: HOME_TEAM,
      userId: 'U0CLICKER',
      stepId: STEP_ID,
      binding: BINDING,
      triggerId: 'trig-1',
    });
    expect(h.told).toEqual([]);
  });

  it('refuses a value the product did not write, telling only the clicker, in the thread', async () => {
    const calls: StepButtonInput[] = [];
    const h = harness(async (input) => calls.push(input));
    await h.click({ value: JSON.stringify({ s: STEP_ID, b: 'forged' }) });
    expect(calls).toEqual([]);
    expect(h.told).toEqual([
      {
        channel: 'C0INCIDENTS',
        user: 'U0CLICKER',
        thread_ts: '100.000',
        text: '⚠️ This button was not made by Runbook Copilot; nothing was done.',
      },
    ]);
  });

  it('refuses a payload from a workspace this install does not serve', async () => {
    const calls: StepButtonInput[] = [];
    const h = harness(async (input) => calls.push(input));
    await h.click({ team: 'T0ELSEWHERE' });
    expect(calls).toEqual([]);
    expect(h.told[0]?.text).toBe('⚠️ This action was refused: this install does not serve that workspace.');
  });

  it('shows a service refusal as its own words', async () => {
    const h = harness(async () => {
      throw new DomainError('stale_state', 'This step changed since this message was shown; nothing was done.');
    });
    await h.click({});
    expect(h.told.map((m) => m.text)).toEqual(['⚠️ This step changed since this message was shown; nothing was done.']);
  });

  it('turns an unexpected failure into an error id the log can be searched for', async () => {
    const h = harness(async () => {
      throw new Error('connection reset');
    });
    await h.click({});
    const errorId = /error id `([^`]+)`/.exec(h.told[0]?.text ?? '')?.[1];
    expect(errorId).toBeTruthy();
    expect(h.told[0]?.text).toContain('Nothing was run.');
    const logged = h.lines.find((l) => l.errorId === errorId);
    expect(logged).toMatchObject({ msg: 'slack action failed', actionId: 'step_skip', userId: 'U0CLICKER' });
  });
});
