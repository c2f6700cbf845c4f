import { type Kysely, sql } from 'kysely';

/**
 * Foundation schema. Every table that holds customer data carries tenant_id (the Slack
 * team). The application connects as a member of the NOLOGIN role runbook_app, which may
 * only SELECT and INSERT the append-only tables (audit_events, runbook_versions).
 * Frozen in time: never import application code here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'runbook_app') THEN
        CREATE ROLE runbook_app NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
      END IF;
    END $$`.execute(db);

  await sql`REVOKE CREATE ON SCHEMA public FROM PUBLIC`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO runbook_app`.execute(db);

  // ── alert inbox: every webhook delivery, stored before it is acknowledged ──────────
  await sql`
    CREATE TABLE alert_inbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      source text NOT NULL CHECK (source IN ('pagerduty', 'opsgenie', 'alertmanager')),
      delivery_id text NOT NULL,
      event_type text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      headers jsonb NOT NULL,
      raw_body text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'received'
        CHECK (status IN ('received', 'matched', 'unmatched', 'ignored', 'failed')),
      processed_at timestamptz,
      error text,
      UNIQUE (tenant_id, source, delivery_id)
    )`.execute(db);
  await sql`CREATE INDEX alert_inbox_status_idx ON alert_inbox (status, received_at)`.execute(db);

  // ── runbooks: identity, and immutable versions ─────────────────────────────────────
  await sql`
    CREATE TABLE runbooks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      slug text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug)
    )`.execute(db);
  await sql`
    CREATE TABLE runbook_versions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      runbook_id uuid NOT NULL REFERENCES runbooks (id),
      version integer NOT NULL CHECK (version > 0),
      title text NOT NULL,
      source_kind text NOT NULL CHECK (source_kind IN ('file', 'slack', 'http')),
      source_format text NOT NULL,
      source_text text NOT NULL,
      source_sha256 text NOT NULL,
      compiled jsonb NOT NULL,
      services text[] NOT NULL DEFAULT '{}',
      alerts text[] NOT NULL DEFAULT '{}',
      keywords text[] NOT NULL DEFAULT '{}',
      trust_level smallint NOT NULL DEFAULT 0 CHECK (trust_level IN (0, 1, 2)),
      approvers text[] NOT NULL DEFAULT '{}',
      search_text text NOT NULL DEFAULT '',
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', search_text), 'B')
      ) STORED,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (runbook_id, version)
    )`.execute(db);
  await sql`CREATE INDEX runbook_versions_search_idx ON runbook_versions USING gin (search)`.execute(db);
  await sql`CREATE INDEX runbook_versions_latest_idx ON runbook_versions (runbook_id, version DESC)`.execute(db);

  // ── incidents, executions, steps, step runs, approvals ─────────────────────────────
  await sql`
    CREATE TABLE incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      alert_id uuid REFERENCES alert_inbox (id),
      source text NOT NULL,
      external_id text,
      title text NOT NULL,
      service text,
      runbook_version_id uuid REFERENCES runbook_versions (id),
      match jsonb NOT NULL DEFAULT '{}',
      channel_id text,
      message_ts text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (alert_id)
    )`.execute(db);

  await sql`
    CREATE TABLE executions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      incident_id uuid REFERENCES incidents (id),
      runbook_version_id uuid NOT NULL REFERENCES runbook_versions (id),
      state text NOT NULL,
      channel_id text NOT NULL,
      thread_ts text,
      started_by text NOT NULL,
      governance_mode text NOT NULL,
      dry_run boolean NOT NULL,
      variables jsonb NOT NULL DEFAULT '{}',
      version integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX executions_incident_idx ON executions (incident_id)`.execute(db);
  // Two people pressing ▶ Start at once get one run, not two.
  await sql`CREATE UNIQUE INDEX executions_one_active_per_incident ON executions (incident_id)
            WHERE state = 'running' AND incident_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX executions_active_idx ON executions (tenant_id, state) WHERE finished_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE execution_steps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      execution_id uuid NOT NULL REFERENCES executions (id),
      step_index integer NOT NULL,
      step_key text NOT NULL,
      title text NOT NULL,
      text text NOT NULL DEFAULT '',
      command_template text,
      command text,
      command_sha256 text,
      rollback_command text,
      level text CHECK (level IN ('safe', 'caution', 'dangerous', 'unknown')),
      target text,
      classification jsonb,
      state text NOT NULL,
      approval_kind text CHECK (approval_kind IN ('click', 'typed_confirm', 'manual')),
      approval_requested_at timestamptz,
      approval_expires_at timestamptz,
      policy jsonb,
      message_ts text,
      edited_by text,
      decided_by text,
      exit_code integer,
      output_tail text,
      output_truncated boolean NOT NULL DEFAULT false,
      started_at timestamptz,
      finished_at timestamptz,
      version integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (execution_id, step_index)
    )`.execute(db);

  await sql`
    CREATE TABLE approvals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      step_id uuid NOT NULL REFERENCES execution_steps (id),
      approver text NOT NULL,
      decision text NOT NULL CHECK (decision IN ('approved', 'rejected')),
      command_sha256 text NOT NULL,
      target text,
      runbook_version_id uuid NOT NULL REFERENCES runbook_versions (id),
      binding_sha256 text NOT NULL,
      typed_confirmation text,
      expires_at timestamptz NOT NULL,
      consumed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX approvals_step_idx ON approvals (step_id)`.execute(db);

  await sql`
    CREATE TABLE step_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      step_id uuid NOT NULL REFERENCES execution_steps (id),
      kind text NOT NULL CHECK (kind IN ('command', 'rollback')),
      command text NOT NULL,
      command_sha256 text NOT NULL,
      dry_run boolean NOT NULL,
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'lost', 'cancelled')),
      worker_id text,
      heartbeat_at timestamptz,
      approval_id uuid REFERENCES approvals (id),
      exit_code integer,
      output_tail text,
      output_bytes bigint NOT NULL DEFAULT 0,
      output_truncated boolean NOT NULL DEFAULT false,
      duration_ms integer,
      queued_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX step_runs_step_idx ON step_runs (step_id)`.execute(db);
  await sql`CREATE INDEX step_runs_running_idx ON step_runs (status) WHERE status = 'running'`.execute(db);

  await sql`
    CREATE TABLE workspaces (
      tenant_id text PRIMARY KEY,
      team_name text,
      bot_user_id text,
      governance_mode text NOT NULL DEFAULT 'strict' CHECK (governance_mode IN ('strict', 'audit')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // ── audit: append-only, hash-chained per tenant, partitioned by month ──────────────
  await sql`
    CREATE TABLE audit_chain_heads (
      tenant_id text PRIMARY KEY,
      seq bigint NOT NULL,
      head_hash text NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      tenant_id text NOT NULL,
      seq bigint NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      event_type text NOT NULL,
      actor text NOT NULL,
      subject_type text,
      subject_id text,
      data jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      row_hash text NOT NULL,
      PRIMARY KEY (tenant_id, seq, occurred_at)
    ) PARTITION BY RANGE (occurred_at)`.execute(db);
  await sql`CREATE INDEX audit_events_subject_idx ON audit_events (tenant_id, subject_type, subject_id)`.execute(db);
  await sql`CREATE INDEX audit_events_type_idx ON audit_events (tenant_id, event_type, occurred_at)`.execute(db);

  // The one place the canonical form of a row lives: the trigger and the verifier both call it.
  await sql`
    CREATE FUNCTION audit_row_digest(prev_hash text, tenant_id text, seq bigint, occurred_at timestamptz,
                                     event_type text, actor text, subject_type text, subject_id text, data jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT encode(sha256(convert_to(concat_ws(E'\\x1f',
        prev_hash, tenant_id, seq::text,
        to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        event_type, actor, coalesce(subject_type, ''), coalesce(subject_id, ''), data::text), 'UTF8')), 'hex')
    $$`.execute(db);

  await sql`
    CREATE FUNCTION audit_chain_append() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      head audit_chain_heads%ROWTYPE;
    BEGIN
      -- Serialise appends per tenant so concurrent writers cannot fork the chain.
      PERFORM pg_advisory_xact_lock(hashtextextended('audit_chain:' || NEW.tenant_id, 0));
      SELECT * INTO head FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id;
      IF NOT FOUND THEN
        NEW.seq := 1;
        NEW.prev_hash := repeat('0', 64);
      ELSE
        NEW.seq := head.seq + 1;
        NEW.prev_hash := head.head_hash;
      END IF;
      NEW.row_hash := audit_row_digest(NEW.prev_hash, NEW.tenant_id, NEW.seq, NEW.occurred_at, NEW.event_type,
                                       NEW.actor, NEW.subject_type, NEW.subject_id, NEW.data);
      INSERT INTO audit_chain_heads AS h (tenant_id, seq, head_hash) VALUES (NEW.tenant_id, NEW.seq, NEW.row_hash)
        ON CONFLICT (tenant_id) DO UPDATE SET seq = EXCLUDED.seq, head_hash = EXCLUDED.head_hash;
      RETURN NEW;
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION reject_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);

  await sql`CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
            FOR EACH ROW EXECUTE FUNCTION audit_chain_append()`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
            FOR EACH ROW EXECUTE FUNCTION reject_mutation()`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
            FOR EACH STATEMENT EXECUTE FUNCTION reject_mutation()`.execute(db);

  // Monthly partitions, created ahead by the migration, at every start and by a daily job.
  // TRUNCATE triggers are not cloned to partitions, so each partition gets its own.
  await sql`
    CREATE FUNCTION audit_ensure_partitions(months_ahead integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      month_start date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
      created integer := 0;
      part text;
    BEGIN
      FOR i IN 0..months_ahead LOOP
        part := 'audit_events_' || to_char(month_start + make_interval(months => i), 'YYYY_MM');
        IF to_regclass(part) IS NULL THEN
          EXECUTE format('CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)', part,
                         (month_start + make_interval(months => i))::timestamp AT TIME ZONE 'UTC',
                         (month_start + make_interval(months => i + 1))::timestamp AT TIME ZONE 'UTC');
          EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION reject_mutation()', part);
          EXECUTE format('REVOKE ALL ON %I FROM PUBLIC', part);
          created := created + 1;
        END IF;
      END LOOP;
      RETURN created;
    END $$`.execute(db);
  await sql`SELECT audit_ensure_partitions(12)`.execute(db);

  // runbook_versions is append-only too: an edit is a new version, never an overwrite.
  await sql`CREATE TRIGGER runbook_versions_no_update BEFORE UPDATE OR DELETE ON runbook_versions
            FOR EACH ROW EXECUTE FUNCTION reject_mutation()`.execute(db);
  await sql`CREATE TRIGGER runbook_versions_no_truncate BEFORE TRUNCATE ON runbook_versions
            FOR EACH STATEMENT EXECUTE FUNCTION reject_mutation()`.execute(db);

  // ── privileges of the application role ─────────────────────────────────────────────
  for (const table of ['audit_events', 'audit_chain_heads', 'runbook_versions']) {
    await sql`REVOKE ALL ON ${sql.table(table)} FROM PUBLIC`.execute(db);
  }
  await sql`GRANT SELECT, INSERT ON audit_events, runbook_versions TO runbook_app`.execute(db);
  await sql`GRANT SELECT ON audit_chain_heads TO runbook_app`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON alert_inbox, runbooks, incidents, executions, execution_steps,
            step_runs, approvals, workspaces TO runbook_app`.execute(db);
  await sql`REVOKE EXECUTE ON FUNCTION audit_ensure_partitions(integer) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION audit_ensure_partitions(integer) TO runbook_app`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration cannot be rolled back: the audit log is append-only.');
}
