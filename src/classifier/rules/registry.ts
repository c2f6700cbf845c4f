import { accountRules } from './accounts.js';
import { ansibleRules } from './ansible.js';
import { archiveRules } from './archives.js';
import { awsRules } from './aws.js';
import { backupRules } from './backups.js';
import { cephRules } from './ceph.js';
import { clusterDatabaseRules } from './cluster-databases.js';
import { databaseRules } from './databases.js';
import { diskRules } from './disks.js';
import { dockerRules } from './docker.js';
import { edgeRules } from './edge.js';
import { etcdRules } from './etcd.js';
import { fileReaderRules } from './file-readers.js';
import { fileWriterRules } from './file-writers.js';
import { findRules } from './find.js';
import { firewallRules } from './firewall.js';
import { forgeRules } from './forges.js';
import { gcloudAzRules } from './gcloud-az.js';
import { gitRules } from './git.js';
import { grafanaRules } from './grafana.js';
import { hashicorpRules } from './hashicorp.js';
import { helmRules } from './helm.js';
import { hostSettingsRules } from './host-settings.js';
import { httpRules } from './http.js';
import { k8sCliRules } from './k8s-clis.js';
import { k8sToolRules } from './k8s-tools.js';
import { kubectlRules } from './kubectl.js';
import { launcherRules } from './launchers.js';
import { messagingRules } from './messaging.js';
import { natsRules } from './nats.js';
import { networkRules } from './network.js';
import { objectStorageRules } from './object-storage.js';
import { opensslRules } from './openssl.js';
import { opsCliRules } from './ops-clis.js';
import { ovnRules } from './ovn.js';
import { paasRules } from './paas.js';
import { packageRules } from './packages.js';
import { powerRules } from './power.js';
import { processRules } from './processes.js';
import { prometheusRules } from './prometheus.js';
import { redisRules } from './redis.js';
import type { Rule, RuleTable } from './rule.js';
import { schedulingRules } from './scheduling.js';
import { secretManagerRules } from './secret-managers.js';
import { shellBuiltinRules } from './shell-builtins.js';
import { shellRules } from './shells.js';
import { sqlCliRules } from './sql-clis.js';
import { sshRules } from './ssh.js';
import { systemInfoRules } from './system-info.js';
import { systemdRules } from './systemd.js';
import { terraformRules } from './terraform.js';
import { textProgramRules } from './text-programs.js';
import { vaultRules } from './vault.js';
import { webServiceRules } from './web-services.js';
import { wrapperRules } from './wrappers.js';

/** Every tool family's table. Adding a family: write rules/<family>.ts and list it here. */
const FAMILIES: readonly RuleTable[] = [
  shellBuiltinRules,
  wrapperRules,
  shellRules,
  fileReaderRules,
  fileWriterRules,
  archiveRules,
  findRules,
  textProgramRules,
  systemInfoRules,
  hostSettingsRules,
  opsCliRules,
  launcherRules,
  sqlCliRules,
  processRules,
  powerRules,
  schedulingRules,
  networkRules,
  httpRules,
  opensslRules,
  sshRules,
  gitRules,
  kubectlRules,
  k8sToolRules,
  helmRules,
  terraformRules,
  dockerRules,
  systemdRules,
  awsRules,
  gcloudAzRules,
  redisRules,
  databaseRules,
  vaultRules,
  etcdRules,
  prometheusRules,
  packageRules,
  diskRules,
  firewallRules,
  ansibleRules,
  accountRules,
  webServiceRules,
  messagingRules,
  hashicorpRules,
  forgeRules,
  objectStorageRules,
  backupRules,
  natsRules,
  secretManagerRules,
  edgeRules,
  grafanaRules,
  cephRules,
  k8sCliRules,
  ovnRules,
  paasRules,
  clusterDatabaseRules,
];

const RULES: ReadonlyMap<string, Rule> = (() => {
  const map = new Map<string, Rule>();
  for (const table of FAMILIES) {
    for (const [name, rule] of Object.entries(table)) {
      if (map.has(name)) throw new Error(`classifier: two rule families claim ${name}`);
      map.set(name, rule);
    }
  }
  return map;
})();

/** Versioned and suffixed names run the same tool: python3.11, pip3.12, mkfs.ext4, fsck.xfs. */
const VARIANT = /^([a-z][a-z-]*?)(?:[\d.]+|\.[a-z0-9]+)$/;

export function ruleFor(name: string): Rule | undefined {
  const direct = RULES.get(name);
  if (direct) return direct;
  const variant = VARIANT.exec(name);
  return variant ? RULES.get(variant[1]!) : undefined;
}

/**
 * The rule for a program found by path (`bin/kafka-topics.sh`): its own name or a versioned
 * one (`python3.11`), and the `.sh` launchers Kafka and ZooKeeper ship; never an arbitrary
 * extension, so `./kustomize.sh` is a script of its own, not kustomize.
 */
export function ruleForPathProgram(name: string): Rule | undefined {
  const direct = RULES.get(name);
  if (direct) return direct;
  if (/^(kafka|zookeeper|connect)-[\w-]+\.sh$/.test(name)) return RULES.get(name.slice(0, -3));
  const versioned = /^([a-z][a-z-]*?)[\d.]+$/.exec(name);
  return versioned ? RULES.get(versioned[1]!) : undefined;
}

/** Every program name with a rule (for the corpus extractor and docs). */
export function knownPrograms(): string[] {
  return [...RULES.keys()];
}
