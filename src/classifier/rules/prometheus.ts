import { argParser } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { caution, type Rule, type RuleTable, safe, unknown } from './rule.js';

/** promtool: checks, queries and tests read; building TSDB blocks writes files. */
const promtool: Rule = (inv) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'promtool');
  const [command, sub] = inv.args.filter((a) => !(a.value ?? '').startsWith('-')).map((a) => a.value);
  if (command === 'check' || command === 'query' || command === 'test' || command === 'version')
    return safe(inv, 'promtool.read', `promtool ${command} only reads.`);
  if (command === 'tsdb') {
    return sub === 'create-blocks-from'
      ? caution(inv, 'promtool.tsdb-write', 'Writes TSDB blocks.')
      : safe(inv, 'promtool.tsdb-read', 'Inspects a TSDB.');
  }
  if (command === 'debug') return caution(inv, 'promtool.debug', 'Writes debug archives to local files.');
  if (command === 'push') return caution(inv, 'promtool.push', 'Pushes metrics to a remote endpoint.');
  return unknown(inv, 'promtool.unknown-command', `promtool ${command ?? ''} is not known.`);
};

const amtoolArgs = argParser({
  valued: [
    '--alertmanager.url',
    '-o',
    '--output',
    '--config.file',
    '-a',
    '--author',
    '-c',
    '--comment',
    '-d',
    '--duration',
    '--start',
    '--end',
    '--timeout',
    '--http.config.file',
  ],
});

/** amtool: queries and config checks read; adding or expiring silences changes paging. */
const amtool: Rule = (inv) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'amtool');
  const p = amtoolArgs.parse(inv.args);
  const [command, sub] = p.positionals.map((w) => w.value);
  if (command === 'check-config' || command === 'version' || command === 'template')
    return safe(inv, 'amtool.read', 'Checks or renders configuration.');
  if (command === 'config') return safe(inv, 'amtool.read', 'Shows configuration or routing.');
  if (command === 'cluster') return safe(inv, 'amtool.read', 'Shows cluster status.');
  if (command === 'alert') {
    return sub === 'add'
      ? caution(inv, 'amtool.alert-add', 'Fires an alert.')
      : safe(inv, 'amtool.alert-query', 'Queries alerts.');
  }
  if (command === 'silence') {
    if (sub === undefined || sub === 'query') return safe(inv, 'amtool.silence-query', 'Lists silences.');
    if (sub === 'add' || sub === 'import')
      return caution(inv, 'amtool.silence-add', 'Silences alerts: pages for matching problems stop.', {
        target:
          p.positionals
            .slice(2)
            .map((w) => w.value ?? w.raw)
            .join(' ') || null,
      });
    if (sub === 'expire') return caution(inv, 'amtool.silence-expire', 'Expires silences: matching alerts page again.');
    if (sub === 'update') return caution(inv, 'amtool.silence-update', 'Changes a silence.');
  }
  return unknown(inv, 'amtool.unknown-command', `amtool ${command ?? ''} ${sub ?? ''} is not known.`);
};

export const prometheusRules: RuleTable = { promtool, amtool };
