import { sloBurnMessage } from '../../../blocks/ops-slo.js';
import type { OpsConfig } from '../../config-ops.js';
import type { Db } from '../../db/database.js';
import { inTenant } from '../../db/tenant-scope.js';
import type { Clock } from '../../lib/clock.js';
import type { EpisodeSettings } from '../health/episodes.js';
import { INITIAL_STATE, observe } from '../health/episodes.js';
import type { OpsStore, QueuePort } from '../ports.js';
import type { OpsReporter } from '../reporter.js';
import { type BurnStatus, budgetRemaining, burnRate, burnStatus, WINDOWS, type WindowedSli } from './burn-rate.js';
import { announceSli, type Sli, stepStartSli } from './indicators.js';

export type SloName = 'announce_latency' | 'step_start_latency' | 'job_success';

export interface SloReport {
  slo: SloName;
  tenantId: string | null;
  target: number;
  status: BurnStatus;
  windows: WindowedSli;
  budgetRemaining: number;
}

export interface SloDeps {
  db: Db;
  tenants(): Promise<string[]>;
  queues: QueuePort;
  governance: {
    mode(tenantId: string): Promise<'strict' | 'audit'>;
    setMode(tenantId: string, mode: 'strict' | 'audit', actor: string): Promise<unknown>;
  };
  store: OpsStore;
  reporter: OpsReporter;
  clock: Clock;
  settings: OpsConfig['slo'];
}

const MINUTE = 60_000;
const JOB_METRICS_MAX_MS = 7 * 24 * 60 * MINUTE;
/** Burn alerts open on the first burning round and close after two calm ones. */
const EPISODES: EpisodeSettings = { failAfter: 1, recoverAfter: 2, flapEpisodes: 4, flapWindowMs: 6 * 60 * MINUTE };

/** Every SLO for every workspace (job success is installation-wide). */
export async function evaluateSlos(deps: SloDeps, onlyTenant?: string, windowMs?: number): Promise<SloReport[]> {
  const now = deps.clock.now();
  const budgetMs = windowMs ?? deps.settings.windowMs;
  const reports: SloReport[] = [];
  for (const tenantId of onlyTenant ? [onlyTenant] : await deps.tenants()) {
    const perTenant = await inTenant(deps.db, tenantId, async (trx) => ({
      announce: await windowed(now, budgetMs, (from, to) =>
        announceSli(trx, tenantId, from, to, deps.settings.announceMs),
      ),
      step: await windowed(now, budgetMs, (from, to) =>
        stepStartSli(trx, tenantId, from, to, deps.settings.stepStartMs),
      ),
    }));
    reports.push(report('announce_latency', tenantId, deps.settings.announceTarget, perTenant.announce));
    reports.push(report('step_start_latency', tenantId, deps.settings.stepStartTarget, perTenant.step));
  }
  const jobs = await windowed(now, Math.min(budgetMs, JOB_METRICS_MAX_MS), async (from, to) => {
    const o = await deps.queues.outcomes(to.getTime() - from.getTime());
    return { good: o.completed, total: o.completed + o.failed };
  });
  reports.push(report('job_success', null, deps.settings.jobSuccessTarget, jobs));
  return reports;
}

async function windowed(
  now: Date,
  budgetMs: number,
  read: (from: Date, to: Date) => Promise<Sli>,
): Promise<WindowedSli> {
  const since = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  return {
    short_fast: await read(since(WINDOWS.short_fast), now),
    long_fast: await read(since(WINDOWS.long_fast), now),
    short_slow: await read(since(WINDOWS.short_slow), now),
    long_slow: await read(since(WINDOWS.long_slow), now),
    budget: await read(new Date(now.getTime() - budgetMs), now),
  };
}

function report(slo: SloName, tenantId: string | null, target: number, windows: WindowedSli): SloReport {
  return {
    slo,
    tenantId,
    target,
    status: burnStatus(windows, target),
    windows,
    budgetRemaining: budgetRemaining(windows.budget, target),
  };
}

/** The scheduled guard: one message per burn episode; on a fast burn, optionally strict mode. */
export async function runSloGuard(deps: SloDeps): Promise<SloReport[]> {
  const reports = await evaluateSlos(deps);
  for (const r of reports) {
    const key = `slo:${r.tenantId ?? 'all'}:${r.slo}`;
    const previous = JSON.parse((await deps.store.get(key)) ?? 'null') ?? INITIAL_STATE;
    const { state, notify } = observe(previous, r.status === 'ok', deps.clock.now(), EPISODES);
    await deps.store.set(key, JSON.stringify(state));
    if (notify === 'alert' || notify === 'stable_failing') await alertBurn(deps, r);
    else if (notify === 'recovered' || notify === 'stable_ok') await deps.reporter.post(sloBurnMessage(view(r, false)));
  }
  return reports;
}

async function alertBurn(deps: SloDeps, r: SloReport): Promise<void> {
  const engaged: string[] = [];
  if (deps.settings.guardSwitchesToStrict && r.status === 'fast_burn') {
    for (const tenantId of r.tenantId ? [r.tenantId] : await deps.tenants()) {
      if ((await deps.governance.mode(tenantId)) !== 'audit') continue;
      await deps.governance.setMode(tenantId, 'strict', 'system:slo-guard');
      await deps.reporter.audit({
        tenantId,
        type: 'ops.slo_guard_engaged',
        actor: 'system:slo-guard',
        subject: { type: 'slo', id: r.slo },
        data: { from: 'audit', to: 'strict', burnRate1h: burnRate(r.windows.long_fast, r.target) },
      });
      engaged.push(tenantId);
    }
  }
  await deps.reporter.audit({
    type: 'ops.slo_burn_alerted',
    actor: 'system:slo-guard',
    subject: { type: 'slo', id: r.slo },
    data: { tenantId: r.tenantId, status: r.status, budgetRemaining: r.budgetRemaining, guardEngaged: engaged },
  });
  await deps.reporter.post(sloBurnMessage(view(r, engaged.length > 0)));
}

function view(r: SloReport, guardEngaged: boolean) {
  const slow = r.status === 'slow_burn';
  return {
    slo: r.slo,
    workspace: r.tenantId,
    status: r.status,
    target: r.target,
    burnLongWindow: burnRate(slow ? r.windows.long_slow : r.windows.long_fast, r.target),
    burnShortWindow: burnRate(slow ? r.windows.short_slow : r.windows.short_fast, r.target),
    budgetRemaining: r.budgetRemaining,
    guardEngaged,
  };
}
