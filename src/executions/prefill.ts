import { validateVariableValue } from './variables.js';

/** What the alert says about the incident, for filling in a runbook's variables. */
export interface AlertContext {
  service: string | null;
  labels: Record<string, string>;
}

/** A value suggested for a variable, and where it came from (shown in the modal). */
export interface Prefilled {
  value: string;
  source: string;
}

/**
 * Labels that commonly carry a variable's value, by the variable's upper-snake name, in
 * order of preference (Kubernetes and Prometheus conventions).
 */
const COMMON_LABELS: Record<string, string[]> = {
  NAMESPACE: ['namespace', 'kubernetes_namespace', 'exported_namespace'],
  POD: ['pod', 'pod_name', 'kubernetes_pod_name'],
  POD_NAME: ['pod', 'pod_name', 'kubernetes_pod_name'],
  CONTAINER: ['container', 'container_name'],
  DEPLOYMENT: ['deployment'],
  STATEFULSET: ['statefulset'],
  DAEMONSET: ['daemonset'],
  JOB: ['job_name', 'job'],
  NODE: ['node', 'nodename', 'kubernetes_node'],
  NODE_NAME: ['node', 'nodename', 'kubernetes_node'],
  INSTANCE: ['instance'],
  HOST: ['host', 'hostname', 'instance'],
  CLUSTER: ['cluster'],
  SERVICE: ['service', 'service_name'],
  PVC: ['persistentvolumeclaim'],
  PERSISTENTVOLUMECLAIM: ['persistentvolumeclaim'],
  DEVICE: ['device'],
  MOUNTPOINT: ['mountpoint'],
  DATABASE: ['database', 'datname'],
};

/** `INSTANCE` labels often carry a port (`10.0.0.7:9100`); a host or node name never does. */
const STRIP_PORT = new Set(['NODE', 'NODE_NAME', 'HOST']);

/**
 * Values the alert already carries for a run's variables: the runbook's own `from:` first,
 * then the common label names, then the alert's service for SERVICE. A value that would not
 * pass the variable's checks is not offered. Pure; the engineer still confirms each value.
 */
export function prefillFromAlert(
  variables: Array<{ name: string; from?: string | null; pattern: string | null; allowMetacharacters: boolean }>,
  alert: AlertContext | null,
): Record<string, Prefilled> {
  if (!alert) return {};
  const out: Record<string, Prefilled> = {};
  for (const variable of variables) {
    const found = lookup(variable.name, variable.from ?? null, alert);
    if (!found) continue;
    const problem = validateVariableValue(
      { name: variable.name, allowMetacharacters: variable.allowMetacharacters, pattern: variable.pattern },
      found.value,
    );
    if (!problem) out[variable.name] = found;
  }
  return out;
}

function lookup(name: string, from: string | null, alert: AlertContext): Prefilled | null {
  if (from === 'service') return alert.service ? { value: alert.service, source: 'the alert’s service' } : null;
  if (from?.startsWith('label.')) return fromLabel(alert, from.slice('label.'.length), false);
  const key = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  for (const label of COMMON_LABELS[key] ?? []) {
    const found = fromLabel(alert, label, STRIP_PORT.has(key));
    if (found) return found;
  }
  if (key === 'SERVICE' && alert.service) return { value: alert.service, source: 'the alert’s service' };
  return null;
}

function fromLabel(alert: AlertContext, label: string, stripPort: boolean): Prefilled | null {
  const raw = alert.labels[label];
  if (!raw) return null;
  const value = stripPort ? raw.replace(/:\d+$/, '') : raw;
  return { value, source: `the alert’s \`${label}\` label` };
}
