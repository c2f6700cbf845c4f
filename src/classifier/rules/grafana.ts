import type { RuleTable } from './rule.js';
import { verbCli } from './verb-cli.js';

/** Loki's logcli and grafana-cli (decision 0022): queries and listings read; plugin installs and password resets change. */
const logcli = verbCli({
  family: 'logcli',
  args: {
    valued: [
      '--addr',
      '--username',
      '--password',
      '--org-id',
      '--tenant-id',
      '--since',
      '--from',
      '--to',
      '--limit',
      '--batch',
      '-o',
      '--output',
      '-q',
      '--step',
      '--interval',
      '--timezone',
      '-z',
      '--cert',
      '--key',
      '--ca-cert',
      '--bearer-token',
      '--bearer-token-file',
      '--parallel-duration',
      '--parallel-max-workers',
      '--part-path-prefix',
      '--exclude-label',
      '--include-label',
      '--direction',
      '--config',
    ],
  },
  commands: {
    safe: {
      query: 'Queries logs.',
      'instant-query': 'Queries logs.',
      labels: 'Lists labels.',
      series: 'Lists series.',
      stats: 'Shows query statistics.',
      volume: 'Shows log volume.',
      volume_range: 'Shows log volume.',
      fmt: 'Formats a query.',
      'detected-fields': 'Lists detected fields.',
      'index stats': 'Shows index statistics.',
      version: 'Prints the version.',
      '--version': 'Prints the version.',
    },
  },
});

const grafanaCli = verbCli({
  family: 'grafana-cli',
  args: { valued: ['--homepath', '--config', '--pluginsDir', '--repo', '--pluginUrl', '--configOverrides'] },
  commands: {
    safe: {
      'plugins ls': 'Lists installed plugins.',
      'plugins list-remote': 'Lists available plugins.',
      'plugins list-versions': 'Lists plugin versions.',
      '-v': 'Prints the version.',
      '--version': 'Prints the version.',
    },
    caution: {
      'plugins install': 'Installs a plugin (code that runs inside Grafana).',
      'plugins update': 'Updates a plugin.',
      'plugins update-all': 'Updates every plugin.',
      'admin reset-admin-password': 'Resets the admin password.',
      'admin data-migration': 'Migrates data.',
      'admin secrets-migration': 'Migrates secrets.',
    },
  },
});

export const grafanaRules: RuleTable = { logcli, 'grafana-cli': grafanaCli };
