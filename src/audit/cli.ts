import { sql } from 'kysely';
import type { Config } from '../config.js';
import { createDb } from '../db/database.js';
import { createAnchoring } from './anchor-service.js';
import { verifyAuditChain } from './verify.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = 'Usage: audit verify [--tenant <team id>] [--anchors <file>] | audit anchor\n';

/**
 * `audit verify`: recomputes every chain and holds it against the anchors written outside
 * the database; exit 1 if any link is broken or any anchor contradicted.
 * `audit anchor`: writes every tenant's chain head to the anchor file (and audit channel) now.
 */
export async function runAuditCli(args: string[], config: Config, io: Io): Promise<number> {
  const [verb] = args;
  if (verb !== 'verify' && verb !== 'anchor') {
    io.stderr.write(USAGE);
    return 2;
  }
  const option = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const db = createDb({ url: config.database.url, poolMax: 2 });
  const anchoring = createAnchoring({ db, file: option('--anchors') ?? config.audit.anchorFile });
  try {
    if (verb === 'anchor') {
      const written = await anchoring.anchorAll();
      for (const a of written) io.stdout.write(`🔗 ${a.tenantId}: event #${a.seq}, head ${a.headHash}\n`);
      if (written.length === 0) io.stdout.write('No audit events yet.\n');
      return 0;
    }
    const tenant = option('--tenant');
    const tenants = tenant
      ? [tenant]
      : (await sql<{ t: string }>`select rbc_system_tenants() as t`.execute(db)).rows.map((r) => r.t);
    const anchors = await anchoring.read();
    let broken = 0;
    for (const tenantId of tenants) {
      const result = await verifyAuditChain(db, tenantId, { anchors });
      io.stdout.write(
        result.ok
          ? `✅ ${tenantId}: ${result.events} events, chain intact, head ${result.headHash}, ${result.anchorsChecked} anchors agree\n`
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
