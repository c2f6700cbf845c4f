import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../../src/audit/audit-log.js';
import { createAdminActions } from '../../../src/governance/admin-actions.js';
import { createPanicSwitch } from '../../../src/governance/panic.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-db.js';

const TENANT = 'T0REASON';
const KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
/** What a responder might type: a pasted credential, a channel-wide ping and a disguised link. */
const TYPED = `creds leaked: aws_secret_access_key=${SECRET} ${KEY} <!channel> <https://evil.example|runbook fixed, click>`;

/**
 * A reason typed with `/runbook panic …` or `/runbook lock …` is stored, audited and posted
 * to the incident channel: it must reach none of them with the secret, and must post as
 * text (no @channel ping, no link dressed as something else).
 */
describe('reasons people type for governance changes', () => {
  let t: TestDatabase;
  const posted: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  const audited = async () => JSON.stringify(await createAuditLog(t.db).list({ tenantId: TENANT }));

  it('the panic switch stores, audits and announces the reason without the secret, as plain text', async () => {
    const panic = createPanicSwitch({
      db: t.db,
      audit: createAuditLog(t.db),
      authz: { require: async () => undefined },
      signal: { broadcast: async () => undefined },
      executions: { halt: async () => ({ halted: 0, stoppedRuns: [] }), resume: async () => 0 },
      announce: async (_tenant, text) => {
        posted.push(text);
      },
    });
    await panic.pull({ kind: 'person', tenantId: TENANT, userId: 'U0ONCALL01' }, TYPED);

    const stored = await t.owner.selectFrom('panic_switch').select('reason').executeTakeFirstOrThrow();
    for (const sink of [stored.reason ?? '', await audited(), posted.join('\n')]) {
      expect(sink).not.toContain(SECRET);
      expect(sink).not.toContain(KEY);
      expect(sink).toContain('[REDACTED');
    }
    expect(posted[0]).not.toContain('<!channel>');
    expect(posted[0]).not.toContain('<https://evil.example|');
    expect(posted[0]).toContain('&lt;!channel&gt;');
  });

  it('a runbook lock stores and announces its reason without the secret, as plain text', async () => {
    const locked: Array<string | null> = [];
    const admin = createAdminActions({
      governance: { setMode: async () => 'strict', mode: async () => 'strict' },
      authz: { require: async () => undefined },
      runbooks: {
        setLocked: async (_who, _slug, _on, reason) => {
          locked.push(reason);
          return 'Drain <!here> a node';
        },
      },
      chat: {
        post: async (message: { text?: string }) => {
          posted.push(message.text ?? '');
          return { channel: 'C0INCIDENTS', ts: '1.0' };
        },
      } as never,
      incidentChannel: async () => 'C0INCIDENTS',
      logger: silentLogger(),
    });
    posted.length = 0;
    await admin.setLocked({ tenantId: TENANT, userId: 'U0SREMGR03' }, 'drain-node', true, TYPED);

    expect(locked[0]).not.toContain(SECRET);
    expect(locked[0]).not.toContain(KEY);
    expect(posted[0]).not.toContain(SECRET);
    expect(posted[0]).not.toMatch(/<!channel>|<!here>|<https:/);
  });
});
