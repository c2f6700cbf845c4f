import type { AuditLog } from '../audit/audit-log.js';
import type { ScanVerdict } from '../classifier/types.js';
import type { Db } from '../db/database.js';
import type { Authorizer } from '../governance/authorizer.js';
import type { ChatPort } from '../lib/chat.js';
import type { Clock } from '../lib/clock.js';
import type { JobPort } from '../lib/job-port.js';
import type { ToolChatPort } from '../lib/llm-chat.js';
import type { Logger } from '../lib/logger.js';
import type { RunbookService } from '../runbooks/service.js';
import type { TurnBudgets } from './loop.js';
import type { CopilotPolicy } from './policy/policy.js';

/** One thread at a time: a lease in Redis (src/jobs/thread-lock.ts), expiring if its holder dies. */
export interface ThreadLock {
  tryAcquire(key: string, ttlMs: number): Promise<string | null>;
  release(key: string, token: string): Promise<void>;
}

export interface CopilotDeps {
  db: Db;
  /** A question is an incident read: the asker needs `incident.read` (viewer), as everywhere else. */
  authz: Pick<Authorizer, 'can' | 'require'>;
  audit: AuditLog;
  chat: ChatPort;
  jobs: JobPort;
  logger: Logger;
  clock: Clock;
  runbooks: Pick<RunbookService, 'getVersion' | 'listLatest'>;
  governanceMode: (tenantId: string) => Promise<'strict' | 'audit'>;
  scan: (command: string) => ScanVerdict;
  /** Null: no LLM configured, the copilot says it is off (once per thread). */
  model: ToolChatPort | null;
  policy: CopilotPolicy;
  /**
   * A person starts a proposal: it is published as a one-step runbook and run by the engine,
   * which classifies it and asks for the same approvals as any runbook step.
   */
  startOneStepRun(input: {
    tenantId: string;
    userId: string;
    channelId: string;
    threadTs: string;
    slug: string;
    runbookText: string;
  }): Promise<{ executionId: string }>;
  budgets: TurnBudgets;
  lock: ThreadLock;
}
