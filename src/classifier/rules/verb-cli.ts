import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { displayOf, type Word } from '../scanner/word.js';
import type { RiskLevel } from '../types.js';
import { type ArgSpec, argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { finding, type Rule, type RuleContext } from './rule.js';

/**
 * A CLI whose subcommand path decides (`ceph osd pool delete`, `nats stream ls`, `gh pr
 * view`): a table of paths, read longest match first, to a level and a sentence. Paths not
 * in the table are unknown, and raised to dangerous when one of their words is a
 * destructive verb. `*` in a path stands for any one word (a name or a placeholder).
 */
export type CommandLevel = RiskLevel | 'secret';

export interface CliSpec {
  family: string;
  args?: ArgSpec;
  commands: Partial<Record<CommandLevel, Record<string, string>>>;
  /** Options that make any command a dry run: nothing changes. */
  dryRun?: readonly string[];
  /** Options that raise a command whatever its path (`--force`, `--purge`): name → level, sentence. */
  raise?: Readonly<Record<string, readonly [RiskLevel, string]>>;
  /** Words of the path to try at most (default 4). */
  maxPath?: number;
  /** Special cases decided before the table; null to fall through. */
  refine?: (inv: Invocation, ctx: RuleContext, cmd: ResolvedCommand) => Finding[] | null;
  /** The verdict with no subcommand at all (default unknown). */
  bare?: readonly [RiskLevel, string];
}

export interface ResolvedCommand {
  /** The matched path (`osd pool delete`), or the words tried when nothing matched. */
  path: string;
  /** Positionals after the path: names, targets, payloads. */
  operands: Word[];
  /** The positionals that formed the path. */
  pathWords: Word[];
  parsed: ParsedArgs;
}

interface Entry {
  level: CommandLevel;
  message: string;
}

export function verbCli(spec: CliSpec): Rule {
  const table = new Map<string, Entry>();
  for (const [level, paths] of Object.entries(spec.commands) as Array<[CommandLevel, Record<string, string>]>) {
    for (const [path, message] of Object.entries(paths)) table.set(path, { level, message });
  }
  const parser = argParser(spec.args ?? {});
  const maxPath = spec.maxPath ?? 4;
  return (inv, ctx) => {
    if (asksForHelp(inv.args, ['-h'])) return helpFinding(inv, spec.family);
    const parsed = parser.parse(inv.args);
    const resolved = resolve(table, parsed, maxPath);
    const target = resolved.command.operands[0] ? displayOf(resolved.command.operands[0]) : null;
    const raised = raisedBy(inv, spec, parsed, target);
    const refined = spec.refine?.(inv, ctx, resolved.command);
    if (refined) return [...refined, ...raised];
    if (spec.dryRun?.some((o) => parsed.has(o))) {
      return [
        finding(
          inv,
          'safe',
          `${spec.family}.dry-run`,
          `${spec.family} ${resolved.command.path}: a dry run changes nothing.`,
          { target },
        ),
      ];
    }
    if (resolved.entry) {
      // `tunnel delete x` matched only `tunnel`: an unlisted destructive subcommand is not its parent.
      const deeper = resolved.entry.level === 'dangerous' ? null : subcommandVerb(inv, resolved.command);
      if (deeper) return [deeper, ...raised];
      return [entryFinding(inv, spec.family, resolved.command.path, resolved.entry, target), ...raised];
    }
    if (parsed.positionals.length === 0 && spec.bare) {
      return [finding(inv, spec.bare[0], `${spec.family}.bare`, spec.bare[1]), ...raised];
    }
    return [...unlistedCommand(inv, spec.family, resolved.command), ...raised];
  };
}

/** The first operand when it reads as a destructive subcommand (`delete`, `purge-all`), not a name. */
function subcommandVerb(inv: Invocation, command: ResolvedCommand): Finding | null {
  const next = command.operands[0];
  if (!next?.value || /[./]/.test(next.value)) return null;
  return destructiveWordFinding(inv, [next], command.operands[1] ?? null);
}

function resolve(
  table: ReadonlyMap<string, Entry>,
  parsed: ParsedArgs,
  maxPath: number,
): { entry: Entry | null; command: ResolvedCommand } {
  const words = parsed.positionals;
  for (let n = Math.min(maxPath, words.length); n >= 1; n--) {
    const entry = lookup(table, words.slice(0, n));
    if (entry) {
      return {
        entry: entry.entry,
        command: { path: entry.key, operands: words.slice(n), pathWords: words.slice(0, n), parsed },
      };
    }
  }
  const tried = words.slice(0, 3);
  return {
    entry: null,
    command: { path: tried.map(displayOf).join(' '), operands: words.slice(tried.length), pathWords: tried, parsed },
  };
}

/** The exact path, or with some words replaced by `*` (right to left), in the table. */
function lookup(table: ReadonlyMap<string, Entry>, words: readonly Word[]): { key: string; entry: Entry } | null {
  const exact = words.map((w) => w.value ?? '*');
  const variants = [exact];
  for (let i = exact.length - 1; i >= 0; i--) {
    if (exact[i] !== '*') variants.push(exact.map((w, j) => (j === i ? '*' : w)));
  }
  for (const variant of variants) {
    const key = variant.join(' ');
    const entry = table.get(key);
    if (entry) return { key, entry };
  }
  return null;
}

function entryFinding(inv: Invocation, family: string, path: string, entry: Entry, target: string | null): Finding {
  const id =
    path
      .replace(/\s*\*\s*/g, ' ')
      .trim()
      .replace(/\s+/g, '-') || 'command';
  if (entry.level === 'secret') {
    return finding(inv, 'caution', `secret.${family}`, entry.message, { target });
  }
  return finding(inv, entry.level, `${family}.${id}`, entry.message, {
    target: entry.level === 'safe' ? null : target,
  });
}

function raisedBy(inv: Invocation, spec: CliSpec, parsed: ParsedArgs, target: string | null): Finding[] {
  if (!spec.raise) return [];
  const out: Finding[] = [];
  for (const [option, [level, message]] of Object.entries(spec.raise)) {
    if (parsed.has(option))
      out.push(finding(inv, level, `${spec.family}.${option.replace(/^-+/, '')}`, message, { target }));
  }
  return out;
}

/**
 * A subcommand not in the table is unknown; when one of its words is a destructive verb
 * (`delete`, `purge_queue`, `ls-del`), it is dangerous, pointing at that word.
 */
export function unlistedCommand(inv: Invocation, family: string, command: ResolvedCommand): Finding[] {
  const destructive = destructiveWordFinding(inv, command.pathWords, command.operands[0] ?? null);
  if (destructive) return [destructive];
  const shown = command.path || '(no subcommand)';
  return [
    finding(inv, 'unknown', `${family}.unknown-command`, `${family} ${shown} is not a command the scanner knows.`),
  ];
}

/** Verbs that destroy or remove whatever they name (the list, decision 0022). */
const DESTRUCTIVE_VERBS = new Set([
  'delete',
  'del',
  'destroy',
  'remove',
  'rm',
  'rmi',
  'rb',
  'purge',
  'drop',
  'wipe',
  'truncate',
  'terminate',
  'uninstall',
  'reset',
  'revoke',
  'forget',
  'prune',
  'clean',
  'cleanup',
  'flush',
  'flushall',
  'kill',
  'erase',
  'shred',
  'nuke',
  'expunge',
  'obliterate',
  'decommission',
]);

/**
 * The first of a command's leading subcommand words (at most three) that is a destructive
 * verb. The word after it, or `operand`, is what it destroys: the target a second person types.
 */
export function destructiveWordFinding(inv: Invocation, words: readonly Word[], operand: Word | null): Finding | null {
  for (let i = 0; i < Math.min(words.length, 3); i++) {
    const word = words[i]!;
    if (word.value === null) continue;
    const verb = word.value
      .toLowerCase()
      .split(/[-_.:]/)
      .find((p) => DESTRUCTIVE_VERBS.has(p));
    if (!verb) continue;
    const object = operand ?? words[i + 1] ?? null;
    const shown = object ? displayOf(object) : null;
    return finding(
      inv,
      'dangerous',
      'verb.destructive',
      `"${word.value}" is a destructive verb: this ${inv.name} command most likely deletes or destroys ${shown ?? 'what it names'}.`,
      { at: word.span, target: shown ?? word.value },
    );
  }
  return null;
}
