/**
 * Shell commands inside interpreter one-liners (`python -c "import os; os.system('rm -rf /srv')"`,
 * `node -e "…execSync('…')"`, perl/ruby backticks and `system`). The scanner does not read these
 * languages, so the one-liner stays unknown; but a literal command handed to the shell is
 * classified as the script it is, so destruction is called by its name (decision 0023).
 */
const STRING = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`;

/** `name(<string>` for the functions that hand a string to a shell. */
const SHELL_CALL = new RegExp(
  String.raw`\b(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|commands\.getoutput|execSync|exec|spawnSync|spawn|execFileSync|execFile|system|shell_exec|passthru|popen|proc_open|IO\.popen|Open3\.\w+|Kernel\.system|pty\.spawn)\s*\(?\s*` +
    STRING,
  'g',
);
/** `subprocess.run(["rm", "-rf", "/srv"])`: an argument vector. */
const ARGV_CALL =
  /\b(?:subprocess\.\w+|os\.exec\w*|execFileSync|execFile|spawnSync|spawn|system|exec)\s*\(\s*\[([^\]]*)\]/g;
/** Backticks (perl, ruby, php) and perl/ruby quoted-command operators, each with its closing delimiter. */
const QUOTED_COMMANDS = [
  /`([^`]*)`/g,
  /(?<!\w)(?:qx|%x)\s*\{([^}]*)\}/g,
  /(?<!\w)(?:qx|%x)\s*\(([^)]*)\)/g,
  /(?<!\w)(?:qx|%x)\s*\[([^\]]*)\]/g,
  /\bqx\s*([/|!])([^/|!]*)\1/g,
];

/**
 * File-deletion calls, written as the rm they amount to so the rm rule decides (decision 0027):
 * `shutil.rmtree('/srv')` is `rm -rf /srv`.
 */
const DELETE_CALLS: ReadonlyArray<[RegExp, string]> = [
  [
    new RegExp(
      String.raw`(?:\b(?:shutil\.rmtree|FileUtils\.rm_rf?|FileUtils\.remove_dir|rmtree|remove_tree|fs\.rm)|\.(?:rmSync|rmdirSync|promises\.rm))\s*\(?\s*${STRING}`,
      'g',
    ),
    'rm -rf',
  ],
  [
    new RegExp(
      String.raw`(?:\b(?:os\.remove|os\.unlink|os\.rmdir|File\.delete|FileUtils\.rm|fs\.unlink|unlink)|\.unlinkSync)\s*\(?\s*${STRING}`,
      'g',
    ),
    'rm -f',
  ],
];

function unescapeLiteral(text: string): string {
  return text.replace(/\\(["'\\])/g, '$1').replace(/\\n/g, '\n');
}

/** The shell command lines a one-liner passes to a shell, as far as they are literal. */
export function shellCommandsIn(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(SHELL_CALL)) found.push(unescapeLiteral(m[1] ?? m[2] ?? ''));
  for (const m of code.matchAll(ARGV_CALL)) {
    const parts = [...(m[1] ?? '').matchAll(new RegExp(STRING, 'g'))].map((p) => unescapeLiteral(p[1] ?? p[2] ?? ''));
    if (parts.length > 0) found.push(parts.map(quoteForShell).join(' '));
  }
  for (const [re, rm] of DELETE_CALLS) {
    for (const m of code.matchAll(re)) found.push(`${rm} ${quoteForShell(unescapeLiteral(m[1] ?? m[2] ?? ''))}`);
  }
  for (const re of QUOTED_COMMANDS) {
    for (const m of code.matchAll(re)) found.push(m[m.length - 1] ?? '');
  }
  return found.filter((c) => c.trim() !== '');
}

function quoteForShell(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
