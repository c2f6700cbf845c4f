import type { Invocation, Stdin } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { sliceWord, type Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { finding, type RuleContext } from './rule.js';

/**
 * Options that make a program run another program or write a file, checked for every
 * invocation after its family's rule, so no rule can forget one (decision 0021). The named
 * program is classified as a payload (an unknown one is unknown); the file goes through the
 * write policy (0019). These only ever add findings: the rule's own verdict is never lowered.
 */
type Runs =
  /** The value is a shell command line (`sh -c value`). */
  | 'shell'
  /** The value is one program, run without a shell. */
  | 'program'
  /** The value is one program, run once per file with the file's path as its argument (`rg --pre`). */
  | 'program-per-file'
  /** The words after the option, up to `;`, are the command (`fd -x rm {}`). */
  | 'argv'
  /** The value is code in another language the scanner does not read (gdb, Lua, an engine). */
  | 'opaque'
  /** A vi command: `:!cmd` runs cmd in a shell; `system()` and other bangs are unseen code. */
  | 'ex';

const TAR_PROGRAMS: Record<string, Runs> = {
  '--to-command': 'shell',
  '--use-compress-program': 'shell',
  '-I': 'shell',
  '--info-script': 'shell',
  '--new-volume-script': 'shell',
  '-F': 'shell',
  '--rsh-command': 'program',
  '--checkpoint-action': 'shell',
};
const MAN_PROGRAMS: Record<string, Runs> = { '-P': 'shell', '--pager': 'shell', '-H': 'shell', '--html': 'shell' };
const FD_PROGRAMS: Record<string, Runs> = { '-x': 'argv', '--exec': 'argv', '-X': 'argv', '--exec-batch': 'argv' };
const GDB_PROGRAMS: Record<string, Runs> = {
  '-ex': 'opaque',
  '--eval-command': 'opaque',
  '-x': 'opaque',
  '--command': 'opaque',
  '-iex': 'opaque',
};

const VIM_PROGRAMS: Record<string, Runs> = { '-c': 'ex', '--cmd': 'ex' };

const RUNS: Record<string, Record<string, Runs>> = {
  vim: VIM_PROGRAMS,
  vi: VIM_PROGRAMS,
  nvim: VIM_PROGRAMS,
  view: VIM_PROGRAMS,
  vimdiff: VIM_PROGRAMS,
  rg: { '--pre': 'program-per-file', '--hostname-bin': 'program' },
  tar: TAR_PROGRAMS,
  gtar: TAR_PROGRAMS,
  bsdtar: TAR_PROGRAMS,
  sort: { '--compress-program': 'program' },
  man: MAN_PROGRAMS,
  fd: FD_PROGRAMS,
  fdfind: FD_PROGRAMS,
  scp: { '-S': 'program' },
  sftp: { '-S': 'program', '-D': 'program' },
  zip: { '-TT': 'shell', '--unzip-command': 'shell' },
  helm: { '--post-renderer': 'program' },
  mysql: { '--pager': 'shell' },
  mariadb: { '--pager': 'shell' },
  wget: { '--use-askpass': 'program' },
  tshark: { '-X': 'opaque' },
  openssl: { '-engine': 'opaque' },
  gdb: GDB_PROGRAMS,
  restic: { '--password-command': 'shell' },
  borg: { '--remote-path': 'shell', '--rsh': 'shell' },
  // The remote side runs this command line instead of rsync (decision 0027).
  rsync: { '--rsync-path': 'shell' },
};

/** Options whose value is a file the program writes, for families whose rule does not model them. */
const WRITES: Record<string, readonly string[]> = {
  base64: ['-o', '--output'],
  gpg: ['-o', '--output'],
  curl: ['--stderr', '--hsts', '--alt-svc'],
  ssh: ['-E'],
  less: ['-o', '-O', '--log-file', '--LOG-FILE'],
  sar: ['-o'],
  strace: ['-o'],
  ltrace: ['-o'],
  perf: ['-o', '--output'],
  nmap: ['-oN', '-oX', '-oG', '-oA', '-oS'],
  tcpdump: ['-w'],
  tshark: ['-w'],
  dumpcap: ['-w'],
  atop: ['-w'],
  wget: ['-o', '--output-file', '-a', '--append-output'],
  ceph: ['-o', '--out-file'],
  dmidecode: ['--dump-bin'],
};
const APPENDS = new Set(['-a', '--append-output']);

/** Long options that name an output file in any tool; `--output`/`--out` only with a path-like value. */
const GENERIC_WRITES = new Set([
  '--output-file',
  '--out-file',
  '--outfile',
  '--output-document',
  '--output-dir',
  '--output-directory',
  '--log-file',
  '--logfile',
]);
const PATH_LIKE =
  /^(\/|~|\.\.?\/)|\.(txt|json|ya?ml|log|csv|out|tar|t?gz|zip|sql|pem|key|crt|bin|dump|html|xml|tmp|conf|cfg|sh|pcap)$/i;

interface OptionHit {
  name: string;
  value: Word | null;
  /** Index of the word after the option and its value. */
  next: number;
}

/** Every occurrence of the named options: `--opt=v`, `--opt v`, `-o v`, `-ov` (one-letter options). */
function findOptions(args: readonly Word[], names: ReadonlySet<string>): OptionHit[] {
  const hits: OptionHit[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--') break;
    if (v === null || !v.startsWith('-')) continue;
    const eq = v.indexOf('=');
    if (v.startsWith('--') && eq > 0 && names.has(v.slice(0, eq))) {
      hits.push({ name: v.slice(0, eq), value: sliceWord(args[i]!, eq + 1), next: i + 1 });
    } else if (names.has(v)) {
      hits.push({ name: v, value: args[i + 1] ?? null, next: i + 2 });
      i++;
    } else if (!v.startsWith('--') && v.length > 2 && names.has(v.slice(0, 2))) {
      hits.push({ name: v.slice(0, 2), value: sliceWord(args[i]!, v[2] === '=' ? 3 : 2), next: i + 1 });
    }
  }
  return hits;
}

export function optionEffects(inv: Invocation, ctx: RuleContext): Finding[] {
  if (!inv.args.some((a) => a.value === null || a.value.startsWith('-'))) return [];
  return [...programOptionFindings(inv, ctx), ...writeOptionFindings(inv)];
}

/** Option names per program, built once. */
const RUNS_NAMES = new Map(Object.entries(RUNS).map(([name, table]) => [name, new Set(Object.keys(table))]));
const GENERIC_NAMES = new Set([...GENERIC_WRITES, '--output', '--out']);
const WRITE_NAMES = new Map(Object.entries(WRITES).map(([name, own]) => [name, new Set([...own, ...GENERIC_NAMES])]));

function programOptionFindings(inv: Invocation, ctx: RuleContext): Finding[] {
  const table = RUNS[inv.name];
  if (!table) return [];
  const findings: Finding[] = [];
  for (const hit of findOptions(inv.args, RUNS_NAMES.get(inv.name)!)) {
    findings.push(...runsFindings(inv, ctx, hit, table[hit.name]!));
  }
  return findings;
}

function runsFindings(inv: Invocation, ctx: RuleContext, hit: OptionHit, runs: Runs): Finding[] {
  const shown = `${inv.name} ${hit.name}`;
  if (runs === 'argv') {
    const end = inv.args.findIndex((w, i) => i >= hit.next - 1 && (w.value === ';' || w.value === '+'));
    const payload = inv.args.slice(hit.next - 1, end < 0 ? undefined : end);
    return payload.length === 0 ? [] : ctx.scanArgv(payload, { fanOut: true });
  }
  const word = hit.value;
  if (!word || word.value === null) {
    return [finding(inv, 'unknown', 'option.runs-program', `${shown} runs a program known only at run time.`)];
  }
  if (runs === 'opaque') {
    return [
      finding(inv, 'unknown', 'option.runs-code', `${shown} runs ${word.value}, code the scanner does not read.`, {
        target: word.value,
      }),
    ];
  }
  // The program reads data the host program pipes to it (file contents, compressed streams).
  const stdin: Stdin = { kind: 'command', origin: 'unknown', span: word.span };
  if (runs === 'program') return ctx.scanArgv([word], { stdin });
  if (runs === 'program-per-file') return ctx.scanArgv([word, fileArgument(word)], { fanOut: true, stdin });
  if (runs === 'ex') return exCommandFindings(inv, ctx, word);
  // `--checkpoint-action=exec=cmd`: only the exec action runs anything.
  const text = hit.name === '--checkpoint-action' ? (/^exec=(.*)$/s.exec(word.value)?.[1] ?? null) : word.value;
  if (text === null) return [];
  return ctx.scanScript({
    text,
    offsetBase: text === word.value ? word.valueOffset : null,
    fallbackSpan: word.span,
    stdin,
  });
}

function exCommandFindings(inv: Invocation, ctx: RuleContext, word: Word): Finding[] {
  const command = word.value ?? '';
  const bang = /^[:\s]*(?:\d*,?\d*)?(?:r(?:ead)?\s*|w(?:rite)?\s*)?!(.*)$/s.exec(command);
  if (bang) return ctx.scanScript({ text: bang[1]!, offsetBase: null, fallbackSpan: word.span });
  if (/!|system\s*\(|\bpy(thon)?3?\b|\blua\b|\bperl\b|\bruby\b|\bsource\b|\bso\b/.test(command)) {
    return [
      finding(
        inv,
        'unknown',
        'option.runs-code',
        `${inv.name} runs the editor command ${command}, which can run programs.`,
      ),
    ];
  }
  return [];
}

/** The path a per-file program receives: known only at run time, one per file. */
function fileArgument(near: Word): Word {
  return {
    raw: '{file}',
    value: null,
    span: near.span,
    valueOffset: null,
    hasSubstitution: true,
    hasVariable: true,
    hasGlob: false,
    usesIfs: false,
    substitutionOrigins: [],
  };
}

function writeOptionFindings(inv: Invocation): Finding[] {
  const own = WRITES[inv.name] ?? [];
  const names = WRITE_NAMES.get(inv.name) ?? GENERIC_NAMES;
  const findings: Finding[] = [];
  for (const hit of findOptions(inv.args, names)) {
    const generic = !own.includes(hit.name);
    const path = hit.value?.value ?? null;
    if ((hit.name === '--output' || hit.name === '--out') && generic && (path === null || !PATH_LIKE.test(path)))
      continue;
    const verdict = classifyWrite(path, APPENDS.has(hit.name) ? 'append' : 'overwrite', 'write');
    if (!verdict) continue;
    findings.push(
      finding(inv, verdict.level, verdict.ruleId, `${inv.name} ${hit.name}: ${verdict.message}`, {
        target: path ?? hit.value?.raw ?? null,
      }),
    );
  }
  return findings;
}
