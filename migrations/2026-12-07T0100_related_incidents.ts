import { type Kysely, sql } from 'kysely';

/**
 * Related alerts share one thread: an incident may be joined to another (the one whose
 * thread tells of it), found by a firing fingerprint the two share, or during a storm by
 * service. The sweep that finds storm summaries a race left unposted reads across tenants
 * through a system function. Frozen in time: never import application code here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE incidents ADD COLUMN joined_to uuid REFERENCES incidents (id)`.execute(db);
  // An alert that stopped firing and fires again is told again ("firing again").
  await sql`ALTER TABLE incident_alerts ADD COLUMN firing_again boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX incident_alerts_firing_idx ON incident_alerts (tenant_id, fingerprint)
            WHERE status = 'firing'`.execute(db);
  await sql`
    CREATE FUNCTION rbc_system_unsummarised_channels(older_than timestamptz)
    RETURNS TABLE (tenant_id text, channel_id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
      SELECT DISTINCT i.tenant_id, i.channel_id FROM incidents i
       WHERE i.announce = 'summarised' AND (i.summarised_in IS NULL OR i.summarised_in LIKE 'posting:%')
         AND i.channel_id IS NOT NULL AND i.created_at < older_than
    $$`.execute(db);
  await sql`ALTER FUNCTION rbc_system_unsummarised_channels(timestamptz) OWNER TO runbook_system`.execute(db);
  await sql`REVOKE ALL ON FUNCTION rbc_system_unsummarised_channels(timestamptz) FROM PUBLIC`.execute(db);
  await sql`GRANT EXECUTE ON FUNCTION rbc_system_unsummarised_channels(timestamptz) TO runbook_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION rbc_system_unsummarised_channels(timestamptz)`.execute(db);
  await sql`DROP INDEX incident_alerts_firing_idx`.execute(db);
  await sql`ALTER TABLE incident_alerts DROP COLUMN firing_again`.execute(db);
  await sql`ALTER TABLE incidents DROP COLUMN joined_to`.execute(db);
}
