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
  'BASH_ENV',
  'ENV',
  'PROMPT_COMMAND',
  'PS4',
  'SHELLOPTS',
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

/** Findings for assignments (`X=… cmd`, `export X=…`) that change what code later runs. */
export function envAssignmentFindings(assignments: readonly EnvAssignment[], span: Span): Finding[] {
  const findings: Finding[] = [];
  for (const a of assignments) {
    const isPath = a.name === 'PATH';
    if (!isPath && !CODE_INJECTION_VARIABLES.has(a.name)) continue;
    if (isPath && isStandardPath(a.value?.value ?? null, a.value?.raw ?? '')) continue;
    findings.push({
      level: 'caution',
      ruleId: 'env.code-injection',
      message: `${a.name}=… changes which code runs (libraries, binaries or startup scripts).`,
      segment: `${a.name}=${a.value?.raw ?? ''}`,
      span: a.span ?? span,
      target: a.value?.value ?? null,
    });
  }
  return findings;
}
