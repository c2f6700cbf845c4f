import type { App } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { AlertProcessing } from '../../alerts/process-service.js';
import type { ScanVerdict } from '../../classifier/types.js';
import type { CopilotService } from '../../copilot/service.js';
import type { ExecutionService } from '../../executions/service/index.js';
import type { AdminActions } from '../../governance/admin-actions.js';
import type { Authorizer } from '../../governance/authorizer.js';
import type { Governance } from '../../governance/mode.js';
import type { PanicSwitch } from '../../governance/panic.js';
import type { HomeService } from '../../home/home-service.js';
import type { DirectoryPort } from '../../lib/directory.js';
import type { Logger } from '../../lib/logger.js';
import type { RunbookService } from '../../runbooks/service.js';
import type { HomeRoundLock } from '../home-round-lock.js';
import type { HomeWatchList } from '../home-watch-list.js';
import type { TenantGuard } from '../tenant-guard.js';

/** What listeners may call: services only, never repos or job queues directly. */
export interface SlackServices {
  executions: ExecutionService;
  alerts: AlertProcessing;
  runbooks: RunbookService;
  scan: (command: string) => ScanVerdict;
  governance: Pick<Governance, 'mode' | 'workspace'>;
  admin: AdminActions;
  panic: Pick<PanicSwitch, 'pull' | 'lift' | 'status'>;
  authz: Authorizer;
  /** Who acted, in which tenant: read from each payload and checked. */
  tenants: TenantGuard;
  directory: DirectoryPort;
  /** The ops digest (activity, SLOs, backups, drills) for one workspace, as a message. */
  digest: (
    tenantId: string,
    period: 'day' | 'week',
  ) => Promise<{ text: string; blocks?: import('@slack/types').KnownBlock[] }>;
  /** The threaded incident copilot: questions in incident threads, Why?, feedback. */
  copilot: Pick<CopilotService, 'accept' | 'why' | 'rateAnswer' | 'rateRun' | 'trend' | 'startProposal'>;
  /** Renders a runbook preview (steps with risk badges) for Slack. */
  previewRunbook: (tenantId: string, slugOrText: { slug: string } | { text: string }) => Promise<KnownBlock[]>;
  /** The App Home's approvals, runs, incidents and catalogue (absent: the Home shows the library only). */
  home?: HomeService;
  /** Who has the Home open and which process refreshes it, in Redis (absent: open Homes are not refreshed). */
  homeRefresh?: { watchList: HomeWatchList; roundLock: HomeRoundLock; roundMs?: number };
}

export interface ListenerContext {
  app: App;
  services: SlackServices;
  logger: Logger;
}
