import { createAuditLog } from '../../src/audit/audit-log.js';
import type { Db } from '../../src/db/database.js';
import { type Authorizer, createAuthorizer } from '../../src/governance/authorizer.js';
import { EMPTY_DIRECTORY } from '../../src/lib/directory.js';

/** The real authorizer over a test database, with no Slack user groups and the given config admins. */
export function testAuthorizer(db: Db, configAdmins: string[] = []): Authorizer {
  return createAuthorizer({ db, audit: createAuditLog(db), directory: EMPTY_DIRECTORY, configAdmins });
}
