import type { RiskLevel } from '../types.js';

/**
 * Cloud CLIs name operations by verb (`describe-instances`, `delete-bucket`, `list`,
 * `terminate-instances`). One table of verb prefixes serves aws, gcloud and az; operations
 * that match no prefix are unknown, never safe.
 */
const PREFIX_LEVELS: ReadonlyArray<[RegExp, RiskLevel, string]> = [
  [
    /^(describe|list|get|head|show|search|lookup|filter|query|scan|select|batch-get|test|validate|estimate|simulate|check|wait|tail|read|preview|explain|detect|view|browse|print-settings|info|status|version|find)(-|$)/,
    'safe',
    'only reads',
  ],
  [
    /^(delete|terminate|purge|destroy|drop|remove-all|deprovision|wipe|erase|schedule-key-deletion|deregister-image|release-address|batch-delete|reimage)(-|$)/,
    'dangerous',
    'deletes or destroys',
  ],
  [
    /^(create|put|update|modify|set|start|stop|reboot|restart|attach|detach|associate|disassociate|enable|disable|register|deregister|tag|untag|add|remove|authorize|revoke|copy|restore|import|export|send|invoke|publish|run|replace|reset|change|allocate|execute|cancel|apply|accept|reject|increase|decrease|resize|scale|deploy|patch|rotate|promote|failover|reload|move|rename|upload|sync|mount|unmount|suspend|resume|undeploy|rollback|roll-back|approve|deny|upgrade|install|uninstall|clone|connect|disconnect|login|logout|configure|activate|deactivate|cordon|drain|renew|submit|trigger|schedule|assign|unassign|grant|lock|unlock|merge|link|unlink|swap|snapshot|backup|recover|failback|repair|flush|sign|encrypt|generate|request|issue|deallocate|redeploy|generalize|capture|convert|retry|refresh|invalidate|rerun|wait-for)(-|$)/,
    'caution',
    'changes state',
  ],
];

export function cloudVerbLevel(verb: string): { level: RiskLevel; summary: string } | null {
  for (const [re, level, summary] of PREFIX_LEVELS) if (re.test(verb)) return { level, summary };
  return null;
}
