import { type Kysely, sql } from 'kysely';

/**
 * Tenants isolated by Postgres itself, roles, runbook locks.
 *
 * Every table holding tenant data gets row-level security, forced even for its owner: a
 * row is visible and writable only inside a transaction whose `app.tenant_id` setting is
 * that row's tenant (src/db/tenant-scope.ts sets it). A query without the setting sees
 * nothing; a write into another tenant is refused.
 *
 * The few questions that span tenants (which deliveries are stuck, which runs lost their
 * worker, which tenants exist) are answered by SECURITY DEFINER functions owned by the
 * NOLOGIN role runbook_system, the only role with a cross-tenant read policy. They return
 * tenant ids and row ids, nothing else; the caller then works inside each tenant's scope.
 * Frozen in time: never import application code here.
 */
const TENANT_TABLES = [
  'alert_inbox',
  'runbooks',
  'runbook_versions',
  'incidents',
  'executions',
  'execution_steps',
  'approvals',
  'step_runs',
  'workspaces',
  'audit_events',
  'audit_chain_heads',
  'role_grants',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE role_grants (
      tenant_id text NOT NULL,
      principal_kind text NOT NULL CHECK (principal_kind IN ('user', 'usergroup')),
      principal_id text NOT NULL,
      role text NOT NULL CHECK (role IN ('viewer', 'responder', 'author', 'approver', 'admin')),
      granted_by text NOT NULL,
      granted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, principal_kind, principal_id, role)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON role_grants TO runbook_app`.execute(db);

  // The panic switch: install-wide ('global') or one workspace's ('tenant:T…'). Kept in
  // Postgres so a worker that starts while it is on stays halted, whatever Redis forgot.
  await sql`
    CREATE TABLE panic_switch (
      scope text PRIMARY KEY CHECK (scope = 'global' OR scope LIKE 'tenant:%'),
      pulled_by text NOT NULL,
      reason text,
      pulled_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON panic_switch TO runbook_app`.execute(db);

  await sql`ALTER TABLE workspaces ADD COLUMN enterprise_id text, ADD COLUMN incident_channel text`.execute(db);
  // Every validly signed delivery is stored: its bytes exactly as received, beside the text
  // and jsonb forms (which replace what Postgres cannot hold, with a note).
  await sql`ALTER TABLE alert_inbox ADD COLUMN raw_bytes bytea, ADD COLUMN storage_notes text[] NOT NULL DEFAULT '{}'`.execute(
    db,
  );
  // A dry run is recorded as what it was: shown, not executed (never "succeeded").
  await sql`ALTER TABLE step_runs DROP CONSTRAINT step_runs_status_check`.execute(db);
  await sql`ALTER TABLE step_runs ADD CONSTRAINT step_runs_status_check CHECK (status IN
            ('queued', 'running', 'succeeded', 'not_executed', 'failed', 'timed_out', 'lost', 'cancelled'))`.execute(
    db,
  );
  // The options an engineer picked where a runbook forks ("Option A / Option B"), by branch.
  await sql`ALTER TABLE executions ADD COLUMN choices jsonb NOT NULL DEFAULT '{}'`.execute(db);
  // Values the alert already carries for the run's variables, offered (not applied) in the modal.
  await sql`ALTER TABLE executions ADD COLUMN prefill jsonb NOT NULL DEFAULT '{}'`.execute(db);
  await sql`ALTER TABLE runbooks ADD COLUMN locked_at timestamptz, ADD COLUMN locked_by text,
            ADD COLUMN lock_reason text`.execute(db);

  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'runbook_system') THEN
        CREATE ROLE runbook_system NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
      END IF;
    END $$`.execute(db);
  // The migrating role must be a member to hand function ownership to runbook_system.
  await sql`GRANT runbook_system TO CURRENT_USER`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO runbook_system`.execute(db);

  for (const table of TENANT_TABLES) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)}
        USING (tenant_id = current_setting('app.tenant_id', true))
        WITH CHECK (tenant_id = current_setting('app.tenant_id', true))`.execute(db);
    await sql`CREATE POLICY system_read ON ${sql.table(table)} FOR SELECT TO runbook_system USING (true)`.execute(db);
    await sql`GRANT SELECT ON ${sql.table(table)} TO runbook_system`.execute(db);
  }

  await sql`
    CREATE FUNCTION rbc_system_tenants() RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT tenant_id FROM workspaces UNION SELECT tenant_id FROM audit_chain_heads
    $$`.execute(db);
  await sql`
    CREATE FUNCTION rbc_system_stuck_alerts(older_than timestamptz, max_rows integer)
    RETURNS TABLE (tenant_id text, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT a.tenant_id, a.id FROM alert_inbox a
       WHERE a.status = 'received' AND a.received_at < older_than
       ORDER BY a.received_at LIMIT max_rows
    $$`.execute(db);
  await sql`
    CREATE FUNCTION rbc_system_stale_runs(heartbeat_before timestamptz)
    RETURNS TABLE (tenant_id text, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT r.tenant_id, r.id FROM step_runs r
       WHERE r.status = 'running' AND r.heartbeat_at < heartbeat_before
    $$`.execute(db);
  // Work that should be moving on its own but nobody moved for a while: a step run still
  // queued, or a run whose steps wait for no person and no worker (its advance job was lost).
  await sql`
    CREATE FUNCTION rbc_system_idle_runs(idle_before timestamptz)
    RETURNS TABLE (tenant_id text, id uuid, kind text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT r.tenant_id, r.id, 'step_run' FROM step_runs r
       WHERE r.status = 'queued' AND r.queued_at < idle_before
      UNION ALL
      SELECT e.tenant_id, e.id, 'execution' FROM executions e
       WHERE e.state = 'running' AND e.updated_at < idle_before
         AND NOT EXISTS (
           SELECT 1 FROM execution_steps s
            WHERE s.execution_id = e.id
              AND (s.updated_at >= idle_before
                   OR s.state NOT IN ('pending', 'ready', 'succeeded', 'dry_run', 'marked_done', 'skipped', 'rolled_back')))
    $$`.execute(db);

  for (const fn of [
    'rbc_system_tenants()',
    'rbc_system_stuck_alerts(timestamptz, integer)',
    'rbc_system_stale_runs(timestamptz)',
    'rbc_system_idle_runs(timestamptz)',
  ]) {
    await sql.raw(`ALTER FUNCTION ${fn} OWNER TO runbook_system`).execute(db);
    await sql.raw(`REVOKE EXECUTE ON FUNCTION ${fn} FROM PUBLIC`).execute(db);
    await sql.raw(`GRANT EXECUTE ON FUNCTION ${fn} TO runbook_app`).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Tenant isolation is not rolled back: restore a backup instead.');
}
