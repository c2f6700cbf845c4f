/** Short names and plurals of Kubernetes kinds, so `po`, `pods` and `pod` are one kind. */
const KIND_ALIASES: Record<string, string> = {
  po: 'pod',
  deploy: 'deployment',
  svc: 'service',
  ns: 'namespace',
  project: 'namespace',
  pvc: 'persistentvolumeclaim',
  pv: 'persistentvolume',
  cm: 'configmap',
  sts: 'statefulset',
  ds: 'daemonset',
  rs: 'replicaset',
  rc: 'replicationcontroller',
  ing: 'ingress',
  sa: 'serviceaccount',
  no: 'node',
  crd: 'customresourcedefinition',
  crds: 'customresourcedefinition',
  ep: 'endpoints',
  endpoint: 'endpoints',
  hpa: 'horizontalpodautoscaler',
  pdb: 'poddisruptionbudget',
  cj: 'cronjob',
  netpol: 'networkpolicy',
  sc: 'storageclass',
  ev: 'event',
  csr: 'certificatesigningrequest',
  limits: 'limitrange',
  quota: 'resourcequota',
  secrets: 'secret',
  ingresses: 'ingress',
  policies: 'policy',
};

export function normaliseKind(raw: string): string {
  const lower = raw.toLowerCase().split('.')[0]!;
  const alias = KIND_ALIASES[lower];
  if (alias) return alias;
  if (lower.endsWith('ies')) return `${lower.slice(0, -3)}y`;
  if (lower.endsWith('sses')) return lower.slice(0, -2);
  if (lower.endsWith('s') && lower !== 'endpoints' && lower !== 'status') return lower.slice(0, -1);
  return lower;
}

/**
 * Kinds whose deletion a controller undoes or that hold no state of their own: deleting one
 * named object is caution. Everything else is dangerous to delete (decision 0006).
 */
export const RECREATED_KINDS = new Set(['pod', 'replicaset', 'event', 'job', 'lease', 'endpointslice']);

export interface ResourceRef {
  kind: string | null;
  name: string | null;
}

/**
 * Reads `kubectl <verb> <kind> <name…>` or `<kind>/<name>` operands into references.
 * A bare `<kind1,kind2>` lists several kinds.
 */
export function resourceRefs(operands: readonly (string | null)[]): { kinds: string[]; refs: ResourceRef[] } {
  const refs: ResourceRef[] = [];
  const kinds = new Set<string>();
  let pendingKinds: string[] | null = null;
  for (const op of operands) {
    if (op === null) {
      refs.push({ kind: pendingKinds?.[0] ?? null, name: null });
      continue;
    }
    const slash = op.indexOf('/');
    if (slash > 0) {
      const kind = normaliseKind(op.slice(0, slash));
      kinds.add(kind);
      refs.push({ kind, name: op.slice(slash + 1) });
    } else if (pendingKinds === null && refs.length === 0) {
      pendingKinds = op.split(',').map(normaliseKind);
      for (const k of pendingKinds) kinds.add(k);
    } else {
      refs.push({ kind: pendingKinds?.[0] ?? null, name: op });
    }
  }
  return { kinds: [...kinds], refs };
}
