import { type Kysely, sql } from 'kysely';
import { esc } from '../../blocks/text.js';
import type { AuditLog } from '../audit/audit-log.js';
import { inTenant } from '../db/tenant-scope.js';
import type { Database } from '../db/types.js';
import type { PanicEvent, PanicSignalPort } from '../lib/command-control.js';
import { DomainError } from '../lib/errors.js';
import { redactSecrets } from '../lib/redact.js';
import type { Authorizer } from './authorizer.js';
import { type PanicState, panicStateFor, scopeKey } from './panic-state.js';

/** Who pulls or lifts the switch: a person in Slack (their workspace), or the operator (a workspace or the whole install). */
export type PanicActor =
  | { kind: 'person'; tenantId: string; userId: string }
  | { kind: 'operator'; name: string; tenantId: string | null };

export interface PanicDeps {
  db: Kysely<Database>;
  audit: AuditLog;
  authz: Pick<Authorizer, 'require'>;
  signal: PanicSignalPort;
  executions: {
    halt(tenantId: string, by: string, reason: string): Promise<{ halted: number; stoppedRuns: string[] }>;
    resume(tenantId: string): Promise<number>;
  };
  announce: (tenantId: string, text: string) => Promise<void>;
}

const actorName = (actor: PanicActor) => (actor.kind === 'person' ? actor.userId : actor.name);
const mention = (actor: PanicActor) =>
  actor.kind === 'person' ? `<@${actor.userId}>` : `the operator (${actor.name})`;

async function tenantsIn(deps: PanicDeps, tenantId: string | null): Promise<string[]> {
  if (tenantId) return [tenantId];
  return (await sql<{ t: string }>`select rbc_system_tenants() as t`.execute(deps.db)).rows.map((r) => r.t);
}

/**
 * Pulls the switch: Postgres records it (so a worker that starts later stays halted), the
 * news goes out (every worker kills what it runs within milliseconds), then every run in
 * scope is halted, audited and announced.
 */
async function pull(deps: PanicDeps, actor: PanicActor, typed: string | null) {
  if (actor.kind === 'person') await deps.authz.require(actor, 'panic.on');
  // A reason is stored, audited and posted: a pasted secret never is.
  const reason = typed === null ? null : redactSecrets(typed);
  const by = actorName(actor);
  const event: PanicEvent = { on: true, tenantId: actor.tenantId, by, reason, at: Date.now() };
  // Recorded first (a few milliseconds): a worker whose command the news kills sees the switch on.
  await deps.db
    .insertInto('panic_switch')
    .values({ scope: scopeKey(actor.tenantId), pulled_by: by, reason })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ pulled_by: by, reason, pulled_at: new Date() }))
    .execute();
  await deps.signal.broadcast(event);
  let halted = 0;
  const scope = actor.tenantId ? ('tenant' as const) : ('global' as const);
  for (const tenantId of await tenantsIn(deps, actor.tenantId)) {
    await deps.audit.append({ tenantId, type: 'governance.panic_on', actor: by, data: { reason, scope } });
    const why = `the panic switch was pulled by ${by}${reason ? `: ${reason}` : ''}`;
    halted += (await deps.executions.halt(tenantId, by, why)).halted;
    await deps.announce(
      tenantId,
      `🛑 *Panic switch pulled* by ${mention(actor)}${reason ? `: ${esc(reason)}` : ''}. Every running command was stopped and no step runs until an admin lifts it (\`/runbook panic off\`).`,
    );
  }
  return { halted, at: event.at };
}

async function lift(deps: PanicDeps, actor: PanicActor): Promise<boolean> {
  if (actor.kind === 'person') await deps.authz.require(actor, 'panic.off');
  const removed = await deps.db
    .deleteFrom('panic_switch')
    .where('scope', '=', scopeKey(actor.tenantId))
    .executeTakeFirst();
  if (Number(removed.numDeletedRows) === 0) return false;
  const by = actorName(actor);
  await deps.signal.broadcast({ on: false, tenantId: actor.tenantId, by, reason: null, at: Date.now() });
  const scope = actor.tenantId ? ('tenant' as const) : ('global' as const);
  for (const tenantId of await tenantsIn(deps, actor.tenantId)) {
    await deps.audit.append({ tenantId, type: 'governance.panic_off', actor: by, data: { scope } });
    await deps.executions.resume(tenantId);
    await deps.announce(
      tenantId,
      `✅ *Panic switch lifted* by ${mention(actor)}. Halted steps wait for a person to retry them; nothing resumed by itself.`,
    );
  }
  return true;
}

export function createPanicSwitch(deps: PanicDeps) {
  return {
    pull: (actor: PanicActor, reason: string | null) => pull(deps, actor, reason),
    lift: (actor: PanicActor) => lift(deps, actor),
    /** The switch for a workspace (its own, or the install's); the operator asks with null for the install's. */
    async status(tenantId: string | null): Promise<PanicState | null> {
      if (tenantId) return inTenant(deps.db, tenantId, (trx) => panicStateFor(trx, tenantId));
      const row = await deps.db.selectFrom('panic_switch').selectAll().where('scope', '=', 'global').executeTakeFirst();
      return row ? { scope: 'global', pulledBy: row.pulled_by, reason: row.reason, pulledAt: row.pulled_at } : null;
    },
    stateFor: (tenantId: string) => panicStateFor(deps.db, tenantId),
  };
}

export type PanicSwitch = ReturnType<typeof createPanicSwitch>;

export function assertPanicReason(reason: string | null): string | null {
  if (reason && reason.length > 300) throw new DomainError('invalid_input', 'Keep the reason under 300 characters.');
  return reason;
}
