import { type Kysely, sql } from 'kysely';

/**
 * The threaded incident copilot: one row per turn (a question in an incident thread),
 * the once-per-thread notices, feedback cards and the per-team style table the nightly
 * recalibrator writes. Every table is tenant data under row-level security.
 * Frozen in time: never import application code here.
 */
const TABLES = ['copilot_turns', 'copilot_notices', 'feedback_cards', 'copilot_styles', 'copilot_proposals'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // event_id: Slack's id for the event (its retries carry the same one). message_ts: the
  // person's message, so an @mention that also arrives as a thread `message` is one turn.
  await sql`
    CREATE TABLE copilot_turns (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      event_id text NOT NULL,
      channel_id text NOT NULL,
      thread_ts text NOT NULL,
      message_ts text NOT NULL,
      user_id text NOT NULL,
      question text NOT NULL,
      incident_id uuid,
      team text NOT NULL DEFAULT 'unassigned',
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'answered', 'failed', 'off')),
      reply_ts text,
      answer text,
      bundle jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      UNIQUE (tenant_id, event_id),
      UNIQUE (tenant_id, channel_id, message_ts)
    )`.execute(db);
  await sql`CREATE INDEX copilot_turns_thread_idx ON copilot_turns (tenant_id, channel_id, thread_ts, created_at)`.execute(
    db,
  );
  // A step the copilot proposed: shown as a card; a person may start it as a one-step run,
  // which the engine then classifies and gates like any runbook step.
  await sql`
    CREATE TABLE copilot_proposals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      turn_id uuid NOT NULL REFERENCES copilot_turns (id),
      channel_id text NOT NULL,
      thread_ts text NOT NULL,
      command text NOT NULL,
      why text NOT NULL,
      level text NOT NULL,
      after_untrusted boolean NOT NULL,
      message_ts text,
      execution_id uuid,
      started_by text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE copilot_notices (
      tenant_id text NOT NULL,
      channel_id text NOT NULL,
      thread_ts text NOT NULL,
      kind text NOT NULL,
      posted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, channel_id, thread_ts, kind)
    )`.execute(db);
  // kind 'answer': the 1–5 under a copilot answer; 'run': the card at the end of a run.
  await sql`
    CREATE TABLE feedback_cards (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id text NOT NULL,
      team text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('answer', 'run')),
      subject_id text NOT NULL,
      user_id text NOT NULL,
      rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, kind, subject_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE copilot_styles (
      tenant_id text NOT NULL,
      team text NOT NULL,
      style jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, team)
    )`.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO runbook_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)}
        USING (tenant_id = current_setting('app.tenant_id', true))
        WITH CHECK (tenant_id = current_setting('app.tenant_id', true))`.execute(db);
    await sql`CREATE POLICY system_read ON ${sql.table(table)} FOR SELECT TO runbook_system USING (true)`.execute(db);
    await sql`GRANT SELECT ON ${sql.table(table)} TO runbook_system`.execute(db);
  }
  // The nightly recalibrator visits every (tenant, team) with recent cards, then works in that tenant's scope.
  await sql`
    CREATE FUNCTION rbc_system_feedback_teams(since timestamptz)
    RETURNS TABLE (tenant_id text, team text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT f.tenant_id, f.team FROM feedback_cards f WHERE f.created_at >= since
    $$`.execute(db);
  await sql.raw('ALTER FUNCTION rbc_system_feedback_teams(timestamptz) OWNER TO runbook_system').execute(db);
  await sql.raw('REVOKE EXECUTE ON FUNCTION rbc_system_feedback_teams(timestamptz) FROM PUBLIC').execute(db);
  await sql.raw('GRANT EXECUTE ON FUNCTION rbc_system_feedback_teams(timestamptz) TO runbook_app').execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The copilot tables are not rolled back: restore a backup instead.');
}
