import type { Finding } from '../scanner/scope.js';
import { displayOf, type Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { asksForHelp, helpFinding } from './common.js';
import { dangerous, finding, type Rule, type RuleTable, safe } from './rule.js';

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const FILE_ACTIONS = new Set(['-fprint', '-fprint0', '-fls', '-fprintf']);

/**
 * find is read-only until an action says otherwise: -delete deletes, -exec/-ok run a
 * command once per match (a fan-out), -fprint* write a file. Every token is checked, so a
 * value that happens to look like an action only makes the verdict stricter.
 */
const find: Rule = (inv, ctx) => {
  if (asksForHelp(inv.args)) return helpFinding(inv, 'find');
  const args = inv.args;
  const firstExpr = args.findIndex((a) => a.value === null || /^[-(!]/.test(a.value));
  const roots = (firstExpr < 0 ? args : args.slice(0, firstExpr)).filter((a) => !/^-[HLP]$/.test(a.value ?? ''));
  const target = roots.map(displayOf).join(' ') || '.';
  const findings: Finding[] = [];

  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '-delete') {
      findings.push(
        ...dangerous(inv, 'find.delete', `Deletes every match under ${target}; there is no undo.`, { target }),
      );
    } else if (v !== null && EXEC_ACTIONS.has(v)) {
      const end = args.findIndex((a, j) => j > i && (a.value === ';' || a.value === '+'));
      const payload: Word[] = args.slice(i + 1, end < 0 ? args.length : end);
      if (payload.length > 0) findings.push(...ctx.scanArgv(payload, { fanOut: true }));
      i = end < 0 ? args.length : end;
    } else if (v !== null && FILE_ACTIONS.has(v)) {
      const file = args[i + 1];
      const w = classifyWrite(file?.value ?? null, 'overwrite', 'find');
      if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: file?.value ?? null }));
      i++;
    }
  }
  return findings.length > 0 ? findings : safe(inv, 'find.read', 'Lists matching files; no action is taken on them.');
};

export const findRules: RuleTable = { find };
