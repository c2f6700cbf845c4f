import type { App } from '@slack/bolt';
import type { AlertProcessing } from '../../alerts/process-service.js';
import type { ScanVerdict } from '../../classifier/types.js';
import type { ExecutionService } from '../../executions/service/index.js';
import type { Logger } from '../../lib/logger.js';
import type { RunbookService } from '../../runbooks/service.js';

/** What listeners may call: services only, never repos or job queues directly. */
export interface SlackServices {
  executions: ExecutionService;
  alerts: AlertProcessing;
  runbooks: RunbookService;
  scan: (command: string) => ScanVerdict;
  /** The workspace governance mode; only admins (SLACK_ADMIN_USER_IDS) may change it. */
  governance: {
    mode(tenantId: string): Promise<'strict' | 'audit'>;
    setMode(tenantId: string, mode: 'strict' | 'audit', actor: string): Promise<void>;
  };
  adminUserIds: readonly string[];
  /** The ops digest (activity, SLOs, backups, drills) for one workspace, as a message. */
  digest: (
    tenantId: string,
    period: 'day' | 'week',
  ) => Promise<{ text: string; blocks?: import('@slack/types').KnownBlock[] }>;
  /** Renders a runbook preview (steps with risk badges) for Slack. */
  previewRunbook: (
    tenantId: string,
    slugOrText: { slug: string } | { text: string },
  ) => Promise<import('@slack/types').KnownBlock[]>;
}

export interface ListenerContext {
  app: App;
  services: SlackServices;
  logger: Logger;
}
