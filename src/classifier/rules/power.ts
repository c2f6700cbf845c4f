import { argParser } from './args.js';
import { caution, dangerous, type Rule, type RuleTable, safe } from './rule.js';

/**
 * Host power state (see docs/decisions/0008-power.md): a reboot comes back by itself, so it
 * is caution; halting or powering off may need console access to recover, so it is dangerous.
 * A forced reboot skips a clean shutdown and is dangerous too.
 */
const shutdownArgs = argParser({});

const shutdown: Rule = (inv) => {
  const p = shutdownArgs.parse(inv.args);
  if (p.has('-c', '--cancel')) return safe(inv, 'power.cancel', 'Cancels a scheduled shutdown.');
  if (p.has('--show')) return safe(inv, 'power.show', 'Shows a scheduled shutdown.');
  if (p.has('-k')) return caution(inv, 'power.warn', 'Only sends a shutdown warning to logged-in users.');
  if (p.has('-r', '--reboot')) return caution(inv, 'power.reboot', 'Reboots the host; it should come back by itself.');
  return dangerous(inv, 'power.halt', 'Halts or powers off the host; bringing it back may need console access.');
};

const reboot: Rule = (inv) =>
  inv.args.some((a) => a.value !== null && /^(-f|--force|-ff|-n|--no-sync)$/.test(a.value))
    ? dangerous(inv, 'power.force-reboot', 'Reboots immediately without a clean shutdown; data in flight can be lost.')
    : caution(inv, 'power.reboot', 'Reboots the host; it should come back by itself.');

const halt: Rule = (inv) =>
  inv.args.some((a) => a.value === '--reboot')
    ? caution(inv, 'power.reboot', 'Reboots the host.')
    : dangerous(inv, 'power.halt', 'Halts or powers off the host; bringing it back may need console access.');

const init: Rule = (inv) => {
  const level = inv.args[0]?.value;
  if (level === '6') return caution(inv, 'power.reboot', 'Reboots the host (runlevel 6).');
  if (level === '0') return dangerous(inv, 'power.halt', 'Powers off the host (runlevel 0).');
  if (level === undefined) return caution(inv, 'power.init', 'Runs init.');
  return dangerous(inv, 'power.runlevel', `Switches to runlevel ${level ?? '?'}, stopping services.`);
};

export const powerRules: RuleTable = {
  shutdown,
  reboot,
  halt,
  poweroff: halt,
  init,
  telinit: init,
  kexec: (inv) =>
    inv.args.some((a) => a.value === '-l' || a.value === '--load' || a.value === '-u')
      ? caution(inv, 'power.kexec-load', 'Loads a kernel for a later kexec.')
      : dangerous(inv, 'power.kexec', 'Boots straight into another kernel.'),
};
