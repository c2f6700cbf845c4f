import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The ids a log line should carry (tenantId, incidentId, executionId, stepId, runId,
 * jobId, slackUserId), bound where each becomes known and inherited by everything that
 * runs inside: a job handler, a Slack listener, a step run. The logger adds them to
 * every line (pino's mixin), so a reader can follow one run across processes.
 */
export type LogBindings = Partial<
  Record<
    'tenantId' | 'incidentId' | 'executionId' | 'stepId' | 'runId' | 'jobId' | 'job' | 'slackUserId' | 'action',
    string
  >
>;

const store = new AsyncLocalStorage<LogBindings>();

export function withLogContext<T>(bindings: LogBindings, fn: () => T): T {
  return store.run({ ...store.getStore(), ...definedOnly(bindings) }, fn);
}

/** What the current async context has bound (empty outside any). */
export function logBindings(): LogBindings {
  return store.getStore() ?? {};
}

function definedOnly(bindings: LogBindings): LogBindings {
  return Object.fromEntries(
    Object.entries(bindings).filter(([, v]) => typeof v === 'string' && v !== ''),
  ) as LogBindings;
}
