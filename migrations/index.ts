import type { Migration } from 'kysely';
import * as foundation from './2026-11-23T0001_foundation.js';
import * as tenantsAndRoles from './2026-12-06T0001_tenants_and_roles.js';
import * as copilot from './2026-12-06T0200_copilot.js';
import * as alertLifecycle from './2026-12-07T0001_alert_lifecycle.js';
import * as relatedIncidents from './2026-12-07T0100_related_incidents.js';

/**
 * Every migration, by name, in the order they run. Listed statically (not discovered with
 * a dynamic import) so the same code runs under tsx, vitest and a bundled build; a unit
 * test checks this list against the folder.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-23T0001_foundation': foundation,
  '2026-12-06T0001_tenants_and_roles': tenantsAndRoles,
  '2026-12-06T0200_copilot': copilot,
  '2026-12-07T0001_alert_lifecycle': alertLifecycle,
  '2026-12-07T0100_related_incidents': relatedIncidents,
};
