import { type Kysely, sql } from 'kysely';

/**
 * Every alert source, and incidents that live: one incident per external incident or alert
 * group (its key), a status that moves triggered → acknowledged → resolved (and back when
 * reopened), the times of each step for MTTR, and the alerts a group has held so that a new
 * one is told in the thread once. Frozen in time: never import application code here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE alert_inbox DROP CONSTRAINT alert_inbox_source_check`.execute(db);
  await sql`ALTER TABLE alert_inbox ADD CONSTRAINT alert_inbox_source_check
            CHECK (source IN ('pagerduty', 'opsgenie', 'jsm', 'alertmanager', 'grafana', 'generic'))`.execute(db);

  await sql`
    ALTER TABLE incidents
      ADD COLUMN group_key text,
      ADD COLUMN status text NOT NULL DEFAULT 'triggered' CHECK (status IN ('triggered', 'acknowledged', 'resolved')),
      ADD COLUMN urgency text,
      ADD COLUMN url text,
      ADD COLUMN triggered_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN acknowledged_at timestamptz,
      ADD COLUMN mitigated_at timestamptz,
      ADD COLUMN resolved_at timestamptz,
      ADD COLUMN reopened_count integer NOT NULL DEFAULT 0,
      ADD COLUMN announce text NOT NULL DEFAULT 'now' CHECK (announce IN ('now', 'summarised')),
      ADD COLUMN summarised_in text`.execute(db);
  // One incident per external incident or alert group, whichever delivery arrives first.
  await sql`CREATE UNIQUE INDEX incidents_group_key_idx ON incidents (tenant_id, source, group_key)
            WHERE group_key IS NOT NULL`.execute(db);
  await sql`CREATE INDEX incidents_channel_recent_idx ON incidents (tenant_id, channel_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE incident_alerts (
      tenant_id text NOT NULL,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      fingerprint text NOT NULL,
      title text NOT NULL,
      status text NOT NULL CHECK (status IN ('firing', 'resolved')),
      first_alert_id uuid NOT NULL REFERENCES alert_inbox (id),
      noted boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (incident_id, fingerprint)
    )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON incident_alerts TO runbook_app`.execute(db);
  await sql`ALTER TABLE incident_alerts ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`ALTER TABLE incident_alerts FORCE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY tenant_isolation ON incident_alerts
      USING (tenant_id = current_setting('app.tenant_id', true))
      WITH CHECK (tenant_id = current_setting('app.tenant_id', true))`.execute(db);
  await sql`CREATE POLICY system_read ON incident_alerts FOR SELECT TO runbook_system USING (true)`.execute(db);
  await sql`GRANT SELECT ON incident_alerts TO runbook_system`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE incident_alerts`.execute(db);
  await sql`DROP INDEX incidents_channel_recent_idx`.execute(db);
  await sql`DROP INDEX incidents_group_key_idx`.execute(db);
  await sql`ALTER TABLE incidents DROP COLUMN group_key, DROP COLUMN status, DROP COLUMN urgency, DROP COLUMN url,
            DROP COLUMN triggered_at, DROP COLUMN acknowledged_at, DROP COLUMN mitigated_at,
            DROP COLUMN resolved_at, DROP COLUMN reopened_count, DROP COLUMN announce, DROP COLUMN summarised_in`.execute(
    db,
  );
}
