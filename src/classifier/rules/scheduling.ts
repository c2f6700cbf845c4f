import { argParser } from './args.js';
import { scanStdinScript } from './common.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe } from './rule.js';

const crontabArgs = argParser({ valued: ['-u'] });

/** crontab -l reads; -r deletes the whole table without asking; installing or editing is caution. */
const crontab: Rule = (inv) => {
  const p = crontabArgs.parse(inv.args);
  const user = p.get('-u')?.value ?? null;
  if (p.has('-r')) {
    return p.has('-i')
      ? caution(inv, 'crontab.remove-confirm', 'Removes the crontab after asking for confirmation.', { target: user })
      : dangerous(inv, 'crontab.remove', 'Deletes the entire crontab without confirmation.', { target: user });
  }
  if (p.has('-l')) return safe(inv, 'crontab.list', 'Lists scheduled jobs.');
  if (p.has('-e')) return caution(inv, 'crontab.edit', 'Edits scheduled jobs.', { target: user });
  return caution(inv, 'crontab.install', 'Replaces the crontab with a new table.', {
    target: p.positionals[0]?.value ?? user,
  });
};

/** at/batch run commands later: the commands come from stdin or -f. */
const at: Rule = (inv, ctx) => {
  const p = argParser({ valued: ['-f', '-q', '-t'] }).parse(inv.args);
  if (p.has('-l')) return safe(inv, 'at.list', 'Lists scheduled jobs.');
  if (p.has('-c')) return safe(inv, 'at.show', 'Prints a scheduled job.');
  if (p.has('-r', '-d')) return caution(inv, 'at.remove', 'Removes scheduled jobs.');
  const schedule = finding(
    inv,
    'caution',
    'at.schedule',
    'Schedules commands to run later, outside this runbook step.',
  );
  if (p.has('-f'))
    return [
      schedule,
      finding(inv, 'unknown', 'at.script-file', 'The scheduled commands come from a file whose content is unseen.'),
    ];
  return [
    schedule,
    ...scanStdinScript(inv, ctx, 'at', () => [
      finding(inv, 'unknown', 'at.interactive', 'The commands to schedule are typed later.'),
    ]),
  ];
};

export const schedulingRules: RuleTable = {
  crontab,
  at,
  batch: at,
  atq: (inv) => safe(inv, 'at.list', 'Lists scheduled jobs.'),
  atrm: (inv) => caution(inv, 'at.remove', 'Removes scheduled jobs.'),
};
