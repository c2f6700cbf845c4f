import type { Span } from '../types.js';
import type { EnvAssignment } from './invocation.js';
import type { Finding } from './scope.js';

/**
 * Variables that make an ordinary program run other code: a preloaded library, another
 * binary found first on PATH, a shell startup file, interpreter options.
 */
const CODE_INJECTION_VARIABLES = new Set([
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'DYLD_INSERT_LIBRARIES',
  'DYLD_LIBRARY_PATH',
  'SHELLOPTS',
  'BASHOPTS',
  'GLOBIGNORE',
  'CDPATH',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_EXEC_PATH',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_COUNT',
  'GIT_EXTERNAL_DIFF',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_ASKPASS',
  'GIT_PROXY_COMMAND',
  'GIT_TEMPLATE_DIR',
  'GIT_SEQUENCE_EDITOR',
  'LESSKEY',
  'LESSKEYIN',
  'PSQL_PAGER',
  'MYSQL_PS1',
  'PSQLRC',
  'MYSQL_HOME',
  'TAR_OPTIONS',
  'GZIP',
  'SYSTEMD_EDITOR',
  'AWS_CONFIG_FILE',
  'HELM_PLUGINS',
  'KUBECTL_PLUGINS_PATH',
  'PYTHONBREAKPOINT',
  'PERL5DB',
  'OPENSSL_CONF',
  'OPENSSL_ENGINES',
  'SSLKEYLOGFILE',
  'XDG_CONFIG_HOME',
  'ZDOTDIR',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'GIT_PAGER',
  'SYSTEMD_PAGER',
  'MANPAGER',
  'LESSOPEN',
  'KUBECTL_EXTERNAL_DIFF',
  'KUBE_EDITOR',
  'GIT_EDITOR',
  'SUDO_ASKPASS',
  'SSH_ASKPASS',
  'BROWSER',
]);

const STANDARD_PATH_ENTRIES = new Set([
  '/bin',
  '/sbin',
  '/usr/bin',
  '/usr/sbin',
  '/usr/local/bin',
  '/usr/local/sbin',
  '$PATH',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell expansion, written literally
  '${PATH}',
]);

function isStandardPath(value: string | null, raw: string): boolean {
  const text = value ?? raw.replace(/^["']|["']$/g, '');
  return text.split(':').every((entry) => STANDARD_PATH_ENTRIES.has(entry));
}

/** Prompt strings and PROMPT_COMMAND are expanded or run as shell code (`set -x` expands PS4). */
const SHELL_CODE_VARIABLES = new Set(['PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND']);
/** Startup files a shell sources before the command: their content is unseen. */
const STARTUP_FILE_VARIABLES = new Set(['BASH_ENV', 'ENV']);

/** Classifies shell code held in a variable's value (`PS4='$(…)'`); supplied by callers that can scan. */
export type ScanValue = (value: string, span: Span) => Finding[];

/** Findings for assignments (`X=… cmd`, `export X=…`) that change what code later runs (decision 0021). */
export function envAssignmentFindings(
  assignments: readonly EnvAssignment[],
  span: Span,
  scanValue?: ScanValue,
): Finding[] {
  const findings: Finding[] = [];
  for (const a of assignments) {
    if (SHELL_CODE_VARIABLES.has(a.name)) findings.push(...shellCodeFindings(a, span, scanValue));
    else if (STARTUP_FILE_VARIABLES.has(a.name)) findings.push(startupFileFinding(a, span));
    else if (isCodeInjection(a)) findings.push(codeInjectionFinding(a, span));
  }
  return findings;
}

function isCodeInjection(a: EnvAssignment): boolean {
  if (a.name === 'PATH') return !isStandardPath(a.value?.value ?? null, a.value?.raw ?? '');
  return CODE_INJECTION_VARIABLES.has(a.name) || /^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(a.name);
}

function codeInjectionFinding(a: EnvAssignment, span: Span): Finding {
  return {
    level: 'caution',
    ruleId: 'env.code-injection',
    message: `${a.name}=… changes which code runs (libraries, binaries or startup scripts).`,
    segment: `${a.name}=${a.value?.raw ?? ''}`,
    span: a.span ?? span,
    target: a.value?.value ?? null,
  };
}

function startupFileFinding(a: EnvAssignment, span: Span): Finding {
  const value = a.value?.value ?? null;
  return {
    level: value === '' ? 'caution' : 'unknown',
    ruleId: 'env.startup-file',
    message: `${a.name}=… makes every shell started from here source ${value ?? 'a file known only at run time'} first; its content is unseen.`,
    segment: `${a.name}=${a.value?.raw ?? ''}`,
    span: a.span ?? span,
    target: value,
  };
}

/** PS4 and friends hold code: the value is classified as a script, never below caution. */
function shellCodeFindings(a: EnvAssignment, span: Span, scanValue?: ScanValue): Finding[] {
  const floor = {
    ...codeInjectionFinding(a, span),
    message: `${a.name}=… is shell code the shell runs or expands later.`,
  };
  const value = a.value?.value ?? null;
  if (value === null) return [{ ...floor, level: 'unknown' }];
  if (!scanValue) return [floor];
  // A prompt string is expanded like a double-quoted word: only its substitutions run.
  const code = a.name === 'PROMPT_COMMAND' ? value : substitutionsIn(value);
  return code === '' ? [floor] : [floor, ...scanValue(code, a.span ?? span)];
}

/** The `$(…)` and backtick bodies in a prompt string, as one script. */
function substitutionsIn(value: string): string {
  const bodies: string[] = [];
  for (const m of value.matchAll(/\$\(([^()]*(?:\([^()]*\)[^()]*)*)\)|`([^`]*)`/g)) bodies.push(m[1] ?? m[2] ?? '');
  if (bodies.length === 0 && /\$\(|`/.test(value)) return value;
  return bodies.join('\n');
}
