import { isSecretFile } from '../scanner/paths.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { caution, finding, type Rule, type RuleTable, safe } from './rule.js';
import { secretVariableIn } from './shell-builtins.js';

/**
 * Programs that read files and print (part of) them. They are safe unless they print a
 * credential file, write an output file (`sort -o`), or edit in place (`yq -i`).
 */
interface ReaderSpec {
  valued?: string[];
  /** Options whose value is a file the program writes. */
  outputOptions?: string[];
  /** Options that make it edit its input files in place. */
  inPlaceOptions?: string[];
  /** Positionals that are not files (grep's pattern). */
  leadingNonFiles?: (p: ParsedArgs) => number;
  /** A positional that is an output file (`uniq in out`, `xxd in out`). */
  outputPositional?: number;
  /** Whether its output is the file's content (secrets matter) or only metadata. */
  printsContent: boolean;
}

function reader(family: string, spec: ReaderSpec): Rule {
  const parser = argParser({ valued: [...(spec.valued ?? []), ...(spec.outputOptions ?? [])] });
  return (inv) => {
    const p = parser.parse(inv.args);
    const findings: Finding[] = [];
    for (const opt of p.values(...(spec.outputOptions ?? []))) {
      const w = classifyWrite(opt.value, 'overwrite', family);
      if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: opt.value, at: opt.word }));
    }
    const skip = spec.leadingNonFiles?.(p) ?? 0;
    const files = [...p.positionals.slice(skip), ...p.rest];
    if (spec.outputPositional !== undefined) {
      const out = files[spec.outputPositional];
      if (out) {
        const w = classifyWrite(out.value, 'overwrite', family);
        if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: out.value, at: out }));
      }
    }
    if (spec.inPlaceOptions && p.has(...spec.inPlaceOptions)) {
      for (const file of files) {
        const w = classifyWrite(file.value, 'edit', family);
        if (w)
          findings.push(
            finding(inv, w.level, `${family}.in-place`, `Edits ${file.raw} in place.`, {
              target: file.value,
              at: file,
            }),
          );
      }
      if (files.length === 0) findings.push(...caution(inv, `${family}.in-place`, 'Edits files in place.'));
    }
    if (spec.printsContent) findings.push(...secretFiles(inv, files), ...secretHeredoc(inv));
    if (findings.length === 0)
      findings.push(finding(inv, 'safe', `${family}.read`, readMessage(family, spec.printsContent)));
    return findings;
  };
}

function readMessage(family: string, printsContent: boolean): string {
  return printsContent ? `${family} only reads and prints.` : `${family} only reads metadata.`;
}

/** A heredoc that expands a secret-looking variable (`cat <<EOF … $DB_PASSWORD …`). */
function secretHeredoc(inv: Parameters<Rule>[0]): Finding[] {
  const stdin = inv.stdin;
  if (stdin.kind !== 'text' || !stdin.expands || !secretVariableIn(stdin.text)) return [];
  return [finding(inv, 'caution', 'secret.variable', 'Prints a heredoc that expands a credential-looking variable.')];
}

/**
 * less `+` startup commands that only move or follow (`+F`, `+G`, `+120`, `+/ERROR`): the
 * rest (`+!cmd`, `+|cmd`, `+s file`, `+v`) run programs or write files (decision 0027).
 */
const LESS_MOVES = /^\+(F|G|g|\d+[gG]?|\/[^!|\n]*)$/;

/**
 * The path a word names, with run-time parts stood in for: `$HOME/.aws/credentials` still
 * ends in `.aws/credentials` (decision 0027). Only used to recognise credential files.
 */
function pathShape(file: Word): string | null {
  if (file.value !== null) return file.value;
  const shape = file.raw.replace(/["']/g, '').replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, '/x');
  return shape.includes('$') || shape.includes('`') ? null : shape;
}

export function secretFiles(inv: Parameters<Rule>[0], files: readonly Word[]): Finding[] {
  const out: Finding[] = [];
  for (const file of files) {
    const shape = pathShape(file);
    if (shape !== null && isSecretFile(shape)) {
      out.push(
        finding(
          inv,
          'caution',
          'secret.file',
          `Prints ${file.value ?? file.raw}, a credential file, into the channel.`,
          {
            target: file.value ?? file.raw,
            at: file,
          },
        ),
      );
    }
  }
  return out;
}

const content = (family: string, extra: Partial<ReaderSpec> = {}): Rule =>
  reader(family, { printsContent: true, ...extra });
const metadata = (family: string, extra: Partial<ReaderSpec> = {}): Rule =>
  reader(family, { printsContent: false, ...extra });

/** grep's first positional is the pattern unless -e/-f gave one. */
const patternFirst = (p: ParsedArgs): number => (p.has('-e', '--regexp', '-f', '--file') ? 0 : 1);

/** A search whose pattern is a credential keyword: the matching lines are likely secrets. */
function searcher(family: string, valued: string[]): Rule {
  const base = content(family, { valued, leadingNonFiles: patternFirst });
  const parser = argParser({ valued });
  return (inv, ctx) => {
    const p = parser.parse(inv.args);
    const patterns = [
      ...p.values('-e', '--regexp').map((v) => v.value),
      p.has('-e', '--regexp', '-f', '--file') ? null : (p.positionals[0]?.value ?? null),
    ];
    if (patterns.some((x) => x !== null && SECRET_SEARCH.test(x))) {
      return [
        finding(
          inv,
          'caution',
          'secret.search',
          'Searches for credential keywords; matching lines would be posted to the channel.',
        ),
      ];
    }
    return base(inv, ctx);
  };
}

const SECRET_SEARCH =
  /pass(word|wd)?\b|secret|token|api[_-]?key|private[_-]?key|BEGIN .*PRIVATE|aws_secret|credential/i;

const GREP_VALUED = [
  '-e',
  '--regexp',
  '-f',
  '--file',
  '-m',
  '--max-count',
  '-A',
  '-B',
  '-C',
  '--context',
  '--after-context',
  '--before-context',
  '--include',
  '--exclude',
  '--exclude-dir',
  '--color',
  '--colour',
  '-d',
  '--directories',
  '-D',
  '--devices',
  '--label',
  '--binary-files',
];

/** The file words of two-value options (`--rawfile name file`). */
function optionFileWords(args: readonly Word[], names: readonly string[]): Word[] {
  const out: Word[] = [];
  args.forEach((a, i) => {
    const file = args[i + 2];
    if (a.value !== null && names.includes(a.value) && file) out.push(file);
  });
  return out;
}

/**
 * yq expressions that read the environment (`env`, `env(NAME)`, `$ENV`) or load other files
 * (`load("/etc/shadow")`), and files given without an expression (`yq -o json k3s.yaml`).
 */
const YQ_VALUED = ['-o', '--output-format', '-p', '--input-format', '-I', '--indent', '--from-file', '--expression'];
const yqArgs = argParser({ valued: YQ_VALUED });
const yqReader = reader('yq', {
  printsContent: true,
  valued: YQ_VALUED,
  inPlaceOptions: ['-i', '--inplace'],
  leadingNonFiles: (p) =>
    p.positionals[0]?.value === 'eval' || p.positionals[0]?.value === 'e' || p.positionals[0]?.value === 'eval-all'
      ? 2
      : 1,
});
const yq: Rule = (inv, ctx) => {
  const words = yqArgs.parse(inv.args).positionals;
  const expression = words.find((w) => w.value !== 'eval' && w.value !== 'e' && w.value !== 'eval-all');
  const text = expression?.value ?? '';
  if (/(^|[^.\w$])(env\b|\$ENV\b|strenv\()/.test(text))
    return caution(inv, 'secret.environment', 'Prints environment variables, where credentials often live.');
  const loaded = [...text.matchAll(/\bload(?:_str|_xml|_props|_base64)?\(\s*"([^"]+)"/g)].map((m) => m[1]!);
  const loadedSecret = loaded.find((f) => isSecretFile(f));
  if (loadedSecret)
    return caution(inv, 'secret.file', `Prints ${loadedSecret}, a credential file, into the channel.`, {
      target: loadedSecret,
    });
  // Without an expression the first word is a file: `yq -o json /etc/rancher/k3s/k3s.yaml`.
  const fileFirst = expression?.value && /^[~./]|\.(ya?ml|json|toml|xml)$/.test(expression.value) ? [expression] : [];
  const secret = secretFiles(inv, fileFirst);
  return secret.length > 0 ? [...secret, ...yqReader(inv, ctx)] : yqReader(inv, ctx);
};

/** `jq env`, `jq $ENV`: dumps the environment, where credentials live. */
const jq: Rule = (inv) => {
  const p = argParser({
    valued: ['-f', '--from-file', '--arg', '--argjson', '--slurpfile', '--rawfile', '--indent', '-L', '--tab'],
  }).parse(inv.args);
  const filter = p.has('-f', '--from-file') ? null : p.positionals[0];
  if (filter?.value && /(^|[^.\w$])(env\b|\$ENV\b)/.test(filter.value)) {
    return caution(inv, 'secret.environment', 'Prints environment variables, where credentials often live.', {
      at: filter,
    });
  }
  // `--rawfile name file` / `--slurpfile name file`: the file is read into $name (decision 0027).
  const optionFiles = optionFileWords(inv.args, ['--rawfile', '--slurpfile']);
  const optionSecrets = secretFiles(inv, optionFiles);
  if (optionSecrets.length > 0) return optionSecrets;
  if (p.has('-f', '--from-file'))
    return [finding(inv, 'safe', 'jq.read', 'Filters JSON with a filter file (jq cannot write files).')];
  const files = p.positionals.slice(1);
  const secret = secretFiles(inv, files);
  return secret.length > 0 ? secret : safe(inv, 'jq.read', 'Filters JSON to stdout.');
};

const date: Rule = (inv) => {
  const p = argParser({
    valued: ['-d', '--date', '-f', '--file', '-r', '--reference', '-s', '--set', '-I', '--iso-8601'],
  }).parse(inv.args);
  const setsClock = p.has('-s', '--set') || p.positionals.some((w) => w.value === null || !w.value.startsWith('+'));
  return setsClock ? caution(inv, 'date.set', 'Sets the system clock.') : safe(inv, 'date.read', 'Prints the date.');
};

const sortReader = content('sort', {
  valued: [
    '-k',
    '--key',
    '-t',
    '--field-separator',
    '-S',
    '--buffer-size',
    '-T',
    '--temporary-directory',
    '--parallel',
    '--batch-size',
    '--files0-from',
    '--random-source',
  ],
  outputOptions: ['-o', '--output'],
});

const lessReader = content('less', {
  valued: ['-b', '-h', '-j', '-k', '-o', '-O', '-p', '-P', '-t', '-T', '-x', '-y', '-z', '-#'],
});

const EDITORS = [
  'vi',
  'vim',
  'nvim',
  'nano',
  'emacs',
  'ed',
  'pico',
  'micro',
  'joe',
  'view',
  'vimdiff',
  'sensible-editor',
  'editor',
];

const editor: Rule = (inv) =>
  caution(inv, 'session.editor', 'Opens an interactive editor; files may be changed.', {
    target: inv.args.find((a) => a.value !== null && !a.value.startsWith('-'))?.value ?? null,
  });

export const fileReaderRules: RuleTable = {
  cat: content('cat', { valued: [] }),
  tac: content('tac', { valued: ['-s', '--separator'] }),
  head: content('head', { valued: ['-n', '--lines', '-c', '--bytes'] }),
  tail: content('tail', {
    valued: ['-n', '--lines', '-c', '--bytes', '--pid', '-s', '--sleep-interval', '--max-unchanged-stats'],
  }),
  less: (inv, ctx) =>
    inv.args.some((a) => a.value === null || (a.value.startsWith('+') && !LESS_MOVES.test(a.value)))
      ? [
          finding(
            inv,
            'unknown',
            'less.startup-command',
            'less runs a startup command (+cmd), which can run shell commands.',
          ),
        ]
      : lessReader(inv, ctx),
  more: content('more', { valued: ['-n'] }),
  most: content('most'),
  nl: content('nl', { valued: ['-b', '-d', '-f', '-h', '-i', '-l', '-n', '-s', '-v', '-w'] }),
  grep: searcher('grep', GREP_VALUED),
  egrep: searcher('egrep', GREP_VALUED),
  fgrep: searcher('fgrep', GREP_VALUED),
  zgrep: searcher('zgrep', GREP_VALUED),
  rg: searcher('rg', [
    '-e',
    '--regexp',
    '-f',
    '--file',
    '-g',
    '--glob',
    '-t',
    '--type',
    '-T',
    '-m',
    '-A',
    '-B',
    '-C',
    '-M',
    '-j',
    '--max-depth',
    '--sort',
  ]),
  // Searching for a credential keyword prints the matching lines (decision 0027).
  ag: searcher('ag', ['-G', '--ignore', '-m', '-A', '-B', '-C']),
  ack: searcher('ack', ['-A', '-B', '-C', '-m', '--type', '--ignore-dir', '--match']),
  cut: content('cut', {
    valued: ['-b', '-c', '-d', '-f', '--bytes', '--characters', '--delimiter', '--fields', '--output-delimiter'],
  }),
  tr: content('tr', { leadingNonFiles: () => 99 }),
  column: content('column', {
    valued: [
      '-s',
      '--separator',
      '-o',
      '--output-separator',
      '-c',
      '--output-width',
      '-N',
      '--table-columns',
      '-R',
      '-H',
      '-E',
      '-W',
      '-d',
    ],
  }),
  paste: content('paste', { valued: ['-d', '--delimiters'] }),
  join: content('join', { valued: ['-1', '-2', '-j', '-t', '-o', '-a', '-v', '-e'] }),
  fold: content('fold', { valued: ['-w', '--width'] }),
  fmt: content('fmt', { valued: ['-w', '--width', '-p', '--prefix'] }),
  expand: content('expand', { valued: ['-t', '--tabs'] }),
  unexpand: content('unexpand', { valued: ['-t', '--tabs'] }),
  rev: content('rev'),
  strings: content('strings', { valued: ['-n', '-t', '-e', '--bytes', '--radix', '--encoding'] }),
  od: content('od', { valued: ['-A', '-j', '-N', '-t', '-w', '-S'] }),
  hexdump: content('hexdump', { valued: ['-e', '-f', '-n', '-s'] }),
  hd: content('hd', { valued: ['-n', '-s'] }),
  xxd: content('xxd', { valued: ['-c', '-g', '-l', '-s', '-o', '-n', '-cols', '-len', '-seek'], outputPositional: 1 }),
  base64: content('base64', { valued: ['-w', '--wrap'] }),
  base32: content('base32', { valued: ['-w', '--wrap'] }),
  zcat: content('zcat'),
  zless: content('zless'),
  zmore: content('zmore'),
  bzcat: content('bzcat'),
  xzcat: content('xzcat'),
  zstdcat: content('zstdcat'),
  lz4cat: content('lz4cat'),
  sort: (inv, ctx) =>
    inv.args.some((a) => a.value === null)
      ? [
          finding(
            inv,
            'unknown',
            'sort.compress-program',
            'An argument known only at run time could be an option that runs a program (--compress-program).',
          ),
        ]
      : sortReader(inv, ctx),
  uniq: content('uniq', {
    valued: ['-f', '--skip-fields', '-s', '--skip-chars', '-w', '--check-chars'],
    outputPositional: 1,
  }),
  shuf: content('shuf', {
    valued: ['-n', '--head-count', '-i', '--input-range', '--random-source'],
    outputOptions: ['-o', '--output'],
  }),
  iconv: content('iconv', { valued: ['-f', '--from-code', '-t', '--to-code'], outputOptions: ['-o', '--output'] }),
  diff: content('diff', {
    valued: [
      '-U',
      '-C',
      '--unified',
      '--context',
      '-x',
      '--exclude',
      '-X',
      '--exclude-from',
      '-I',
      '--label',
      '-W',
      '--width',
    ],
  }),
  sdiff: content('sdiff', { outputOptions: ['-o', '--output'] }),
  diff3: content('diff3'),
  cmp: metadata('cmp', { valued: ['-i', '-n', '--bytes', '--ignore-initial'] }),
  comm: content('comm', { valued: ['--output-delimiter'] }),
  wc: metadata('wc'),
  md5sum: metadata('md5sum'),
  sha1sum: metadata('sha1sum'),
  sha224sum: metadata('sha224sum'),
  sha256sum: metadata('sha256sum'),
  sha384sum: metadata('sha384sum'),
  sha512sum: metadata('sha512sum'),
  b2sum: metadata('b2sum'),
  cksum: metadata('cksum'),
  sum: metadata('sum'),
  ls: metadata('ls', {
    valued: [
      '-I',
      '--ignore',
      '-w',
      '--width',
      '--sort',
      '--time',
      '--time-style',
      '--format',
      '-T',
      '--tabsize',
      '--block-size',
      '--color',
      '--hide',
    ],
  }),
  ll: metadata('ll'),
  la: metadata('la'),
  dir: metadata('dir'),
  vdir: metadata('vdir'),
  exa: metadata('exa'),
  eza: metadata('eza'),
  lsd: metadata('lsd'),
  tree: metadata('tree', {
    valued: ['-L', '-P', '-I', '--charset', '--filelimit', '--timefmt', '--sort'],
    outputOptions: ['-o'],
  }),
  du: metadata('du', {
    valued: [
      '-d',
      '--max-depth',
      '-B',
      '--block-size',
      '-t',
      '--threshold',
      '--exclude',
      '-X',
      '--exclude-from',
      '--time',
      '--time-style',
      '--files0-from',
    ],
  }),
  df: metadata('df', { valued: ['-B', '--block-size', '-t', '--type', '-x', '--exclude-type', '--output'] }),
  stat: metadata('stat', { valued: ['-c', '--format', '--printf', '-f'] }),
  file: metadata('file', { valued: ['-m', '-f', '-F', '-e', '-P'] }),
  namei: metadata('namei'),
  getfacl: metadata('getfacl'),
  lsattr: metadata('lsattr'),
  locate: metadata('locate', { valued: ['-d', '--database', '-l', '--limit', '-n'] }),
  plocate: metadata('plocate', { valued: ['-d', '--database', '-l', '--limit', '-n'] }),
  fd: metadata('fd', {
    valued: [
      '-e',
      '--extension',
      '-t',
      '--type',
      '-d',
      '--max-depth',
      '-E',
      '--exclude',
      '-j',
      '--threads',
      '--changed-within',
      '--changed-before',
      '-S',
      '--size',
      '-o',
      '--owner',
    ],
  }),
  fdfind: metadata('fdfind'),
  jq,
  gojq: jq,
  yq,
  date,
  ...Object.fromEntries(EDITORS.map((e) => [e, editor])),
};
