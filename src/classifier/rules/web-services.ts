import type { Invocation } from '../scanner/invocation.js';
import { caution, dangerous, type Rule, type RuleTable, safe, unknown } from './rule.js';

/**
 * Web servers, process supervisors and certificate tools: tests and status reads are safe,
 * reloads and restarts caution, stopping everything or deleting certificates dangerous.
 */
function words(inv: Invocation): string[] {
  return inv.args.filter((a) => a.value === null || !a.value.startsWith('-')).map((a) => a.value ?? '');
}

function flags(inv: Invocation): string[] {
  return inv.args.filter((a) => a.value?.startsWith('-')).map((a) => a.value!);
}

const nginx: Rule = (inv) => {
  const f = flags(inv);
  if (f.some((x) => /^-[a-zA-Z]*[tTvV]/.test(x))) return safe(inv, 'nginx.test', 'Tests or prints the configuration.');
  const signalIndex = inv.args.findIndex((a) => a.value === '-s');
  const signal = signalIndex >= 0 ? inv.args[signalIndex + 1]?.value : undefined;
  if (signal === 'reload' || signal === 'reopen')
    return caution(inv, 'nginx.reload', 'Reloads nginx configuration or logs.');
  if (signal === 'stop' || signal === 'quit') return caution(inv, 'nginx.stop', 'Stops nginx.');
  return caution(inv, 'nginx.start', 'Starts nginx with the given configuration.');
};

const apachectl: Rule = (inv) => {
  const verb = words(inv)[0] ?? flags(inv)[0] ?? '';
  if (/^(configtest|-t|-S|-M|-v|-V|status|fullstatus|-D)$/.test(verb))
    return safe(inv, 'apache.test', 'Tests or shows the configuration or status.');
  return caution(inv, 'apache.control', `apachectl ${verb} starts, stops or restarts Apache.`);
};

const haproxy: Rule = (inv) =>
  flags(inv).some((f) => f === '-c' || f === '-v' || f === '-vv')
    ? safe(inv, 'haproxy.check', 'Checks the configuration.')
    : caution(inv, 'haproxy.start', 'Starts or reloads HAProxy.');

const certbot: Rule = (inv) => {
  const verb = words(inv)[0] ?? 'run';
  if (verb === 'certificates' || verb === 'plugins') return safe(inv, 'certbot.read', 'Lists certificates or plugins.');
  // A dry run still runs the pre- and post-hooks (which often stop and start the web server).
  if (flags(inv).includes('--dry-run'))
    return caution(inv, 'certbot.dry-run', 'A dry run against the staging CA; it still runs the renewal hooks.');
  if (verb === 'revoke' || verb === 'delete')
    return dangerous(inv, 'certbot.revoke', `certbot ${verb} removes certificates that sites may be serving.`);
  return caution(inv, 'certbot.issue', `certbot ${verb} issues or installs certificates.`);
};

const logrotate: Rule = (inv) =>
  flags(inv).some((f) => f === '-d' || f === '--debug')
    ? safe(inv, 'logrotate.debug', 'Debug mode: shows what would rotate.')
    : caution(inv, 'logrotate.rotate', 'Rotates (and may delete) log files.');

const supervisorctl: Rule = (inv) => {
  const [verb = 'status'] = words(inv);
  if (/^(status|avail|tail|pid|version|help|maintail)$/.test(verb))
    return safe(inv, 'supervisor.read', `supervisorctl ${verb} only reads.`);
  if (verb === 'shutdown') return dangerous(inv, 'supervisor.shutdown', 'Stops supervisord and every program it runs.');
  return caution(inv, 'supervisor.control', `supervisorctl ${verb} changes running programs.`);
};

const pm2: Rule = (inv) => {
  const [verb = 'list', target] = words(inv);
  if (/^(list|ls|l|status|logs|show|describe|info|monit|jlist|prettylist|env|report|ping)$/.test(verb))
    return safe(inv, 'pm2.read', `pm2 ${verb} only reads.`);
  if (verb === 'kill' || ((verb === 'delete' || verb === 'stop') && target === 'all'))
    return dangerous(inv, 'pm2.stop-all', `pm2 ${verb} stops every managed process.`);
  if (verb === 'delete' || verb === 'flush')
    return caution(inv, 'pm2.delete', `pm2 ${verb} removes a process or its logs.`, { target: target ?? null });
  return caution(inv, 'pm2.control', `pm2 ${verb} changes running processes.`, { target: target ?? null });
};

export const webServiceRules: RuleTable = {
  nginx,
  apachectl,
  apache2ctl: apachectl,
  httpd: (inv) =>
    flags(inv).some((f) => /^-[tSMvV]$/.test(f))
      ? safe(inv, 'apache.test', 'Tests the configuration.')
      : caution(inv, 'apache.control', 'Starts Apache.'),
  haproxy,
  certbot,
  logrotate,
  supervisorctl,
  pm2,
  java: (inv) =>
    flags(inv).some((f) => f === '-version' || f === '--version')
      ? safe(inv, 'interpreter.help', 'Prints the version.')
      : unknown(inv, 'interpreter.jar', 'Runs Java code the scanner does not analyse.'),
};
