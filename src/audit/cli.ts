import { sql } from 'kysely';
import type { Config } from '../config.js';
import { createDb } from '../db/database.js';
import { verifyAuditChain } from './verify.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `audit verify [--tenant T…]`: recomputes every chain; exit 1 if any link is broken. */
export async function runAuditCli(args: string[], config: Config, io: Io): Promise<number> {
  if (args[0] !== 'verify') {
    io.stderr.write('Usage: audit verify [--tenant <team id>]\n');
    return 2;
  }
  const tenantFlag = args.indexOf('--tenant');
  const db = createDb({ url: config.database.url, poolMax: 2 });
  try {
    const tenants =
      tenantFlag >= 0 && args[tenantFlag + 1]
        ? [args[tenantFlag + 1]!]
        : (await sql<{ t: string }>`select rbc_system_tenants() as t`.execute(db)).rows.map((r) => r.t);
    let broken = 0;
    for (const tenantId of tenants) {
      const result = await verifyAuditChain(db, tenantId);
      io.stdout.write(
        result.ok
          ? `✅ ${tenantId}: ${result.events} events, chain intact, head ${result.headHash}\n`
          : `❌ ${tenantId}: ${result.problem}\n`,
      );
      if (!result.ok) broken += 1;
    }
    if (tenants.length === 0) io.stdout.write('No audit events yet.\n');
    return broken === 0 ? 0 : 1;
  } finally {
    await db.destroy();
  }
}
