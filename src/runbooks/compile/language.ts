import type { Code } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { isBareCommand, isCommandLine, isShellFunctionStart, mayBeCommandLine } from './shell/lines.js';
import { consoleLanguage, isRootSession, isUserPrompt, matchPrompt } from './shell/prompts.js';
import { KNOWN_COMMANDS } from './vocabulary.js';

/**
 * What a code block holds. Only shell becomes a step's command; PromQL, SQL, YAML, JSON and
 * output stay in the step's text with their language.
 */
export interface CodeLanguage {
  language: string;
  isShell: boolean;
}

const SHELL_TAGS = new Set([
  'bash',
  'sh',
  'shell',
  'zsh',
  'console',
  'shell-session',
  'sh-session',
  'shellsession',
  'terminal',
  'command',
  'commands',
  'cli',
  'ksh',
  'fish',
]);
const ALIASES: Record<string, string> = {
  yml: 'yaml',
  jsonc: 'json',
  json5: 'json',
  postgresql: 'sql',
  postgres: 'sql',
  psql: 'sql',
  pgsql: 'sql',
  mysql: 'sql',
  plsql: 'sql',
  tsql: 'sql',
  txt: 'text',
  plaintext: 'text',
  'plain-text': 'text',
  plain: 'text',
  output: 'text',
  log: 'text',
  logs: 'text',
  none: 'text',
  nohighlight: 'text',
  ps1: 'powershell',
  pwsh: 'powershell',
  promql: 'promql',
  prometheus: 'promql',
  metricsql: 'promql',
};

/** The info string's language, normalised; null for no tag. */
export function languageFromTag(tag: string | null | undefined): CodeLanguage | null {
  const raw =
    (tag ?? '')
      .trim()
      .toLowerCase()
      .split(/[\s{,]/)[0] ?? '';
  if (raw === '') return null;
  if (SHELL_TAGS.has(raw)) return { language: raw === 'sh' || raw === 'zsh' ? raw : 'bash', isShell: true };
  return { language: ALIASES[raw] ?? raw, isShell: false };
}

const PROMQL_FUNCTIONS =
  /^\(?\s*(?:rate|irate|increase|sum|avg|min|max|count|topk|bottomk|histogram_quantile|absent|predict_linear|delta|deriv|label_replace|label_join|sort|sort_desc|quantile_over_time|avg_over_time|max_over_time|min_over_time|sum_over_time|count_over_time|time|vector|scalar|changes|resets|clamp_min|clamp_max|round|abs|ceil|floor)\s*(?:\(|by\b|without\b)/i;
const SQL_OPENERS =
  /^(?:select|insert|update|delete|with|alter|create|drop|explain|show|vacuum|analyze|begin|commit|rollback|grant|revoke|truncate|reindex|cluster|copy)\b/i;

/** An untagged block: guess from its content, never from where it sits. */
export function detectLanguage(content: string): CodeLanguage {
  const lines = content.split('\n').filter((l) => l.trim() !== '');
  // Comments say nothing about the language: read the first line that is not one.
  const first = lines.find((l) => !l.trim().startsWith('#'))?.trim() ?? '';
  if (lines.some(isUserPrompt) || isRootSession(lines)) return { language: 'bash', isShell: true };
  const console = lines.map(consoleLanguage).find((l) => l !== null);
  if (console) return { language: console, isShell: false };
  const windows = windowsLanguage(lines, first);
  if (windows) return { language: windows, isShell: false };
  const firstWord = first.split(/\s+/)[0] ?? '';
  const knownCommand = KNOWN_COMMANDS.has(firstWord) || isCommandLine(first);
  if (!knownCommand) {
    if (/^[[{]/.test(first) && isJson(content)) return { language: 'json', isShell: false };
    if (SQL_OPENERS.test(first) && /;\s*$|\bfrom\b|\btable\b|\bwhere\b/i.test(content))
      return { language: 'sql', isShell: false };
    if (PROMQL_FUNCTIONS.test(first) || /^[a-z_:][\w:]*\s*(?:\{[^}]*\}|\[\d+[smhdwy]\])/.test(first)) {
      return { language: 'promql', isShell: false };
    }
    if (/^(?:---|[\w.-]+:(?:\s|$)|- [\w.-]+:)/.test(first) && isYamlDocument(content))
      return { language: 'yaml', isShell: false };
    const source = sourceLanguage(first, lines);
    if (source) return { language: source, isShell: false };
  }
  // `reload() {`: a block that defines a shell function before it uses it.
  if (knownCommand || mayBeCommandLine(first) || isShellFunctionStart(first))
    return { language: 'bash', isShell: true };
  return { language: 'text', isShell: false };
}

/**
 * PowerShell (`PS C:\> Get-Service`, or a first line that is a `Verb-Noun` cmdlet) and
 * Windows `cmd` (`C:\> net stop w3svc`): commands for a Windows host, never bash.
 */
function windowsLanguage(lines: string[], first: string): 'powershell' | 'cmd' | null {
  if (lines.some((l) => /^\s*PS(?: [A-Za-z]:\\[^>]*)?>\s/.test(l))) return 'powershell';
  if (/^(?:\$\w+\s*=\s*)?[A-Z][a-z]+-[A-Z][A-Za-z]+(?:\s|$)/.test(first)) return 'powershell';
  if (lines.some((l) => /^\s*[A-Za-z]:\\[^>\n]*>\s*\S/.test(l))) return 'cmd';
  return null;
}

/**
 * Code and configuration pasted without a tag: Python (`import requests`), Go, and blocks
 * in braces (`server {` of nginx, `resource "aws_instance" "web" {` of Terraform). Shown,
 * never run: `import` is also an ImageMagick program.
 */
function sourceLanguage(first: string, lines: string[]): string | null {
  if (/^(?:import [\w.]+(?: as \w+)?$|from [\w.]+ import |def \w+\(|class \w+[(:])/.test(first)) return 'python';
  if (/^(?:package \w+$|func \w*\()/.test(first)) return 'go';
  const braced = /\{\s*$/.test(first) && lines.some((l) => /^\s*\}\s*$/.test(l));
  if (!braced || /^[\w-]+\s*\(\)\s*\{/.test(first) || /^function\s/.test(first)) return null; // a shell function
  if (/^(?:resource|module|variable|provider|data|output|terraform|locals)\b/.test(first)) return 'hcl';
  return /^(?:server|http|location|upstream|events|stream)\b/.test(first) ? 'nginx' : 'text';
}

/** Tags authors put on commands to switch highlighting off. */
const PLAIN_TAGS = new Set(['text', 'txt', 'plaintext', 'plain', 'plain-text', 'none', 'nohighlight']);

/**
 * A block tagged as something else that is a shell session (`$ kubectl get deploy -o yaml`
 * over the YAML it printed), or a `text` block of nothing but clear commands: shell, or
 * its commands would be lost without a word.
 */
function isMistaggedShell(content: string, tag: string): boolean {
  const lines = content.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || lines.some((l) => consoleLanguage(l) !== null)) return false;
  if (lines.some((l) => isUserPrompt(l) && isCommandLine(matchPrompt(l)!.command))) return true;
  const raw =
    tag
      .trim()
      .toLowerCase()
      .split(/[\s{,]/)[0] ?? '';
  return PLAIN_TAGS.has(raw) && lines.every((l) => isBareCommand(l.trim()));
}

function isJson(content: string): boolean {
  try {
    JSON.parse(content);
    return true;
  } catch {
    return /^\s*[[{]\s*"/.test(content);
  }
}

function isYamlDocument(content: string): boolean {
  try {
    const value: unknown = parseYaml(content);
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

export function codeLanguage(node: Code): CodeLanguage {
  const tagged = languageFromTag(node.lang);
  if (tagged && !tagged.isShell && isMistaggedShell(node.value, node.lang ?? ''))
    return { language: 'bash', isShell: true };
  if (tagged?.isShell) {
    // `psql` or `redis-cli` sessions pasted into a shell block are SQL/Redis, not shell.
    const console = node.value
      .split('\n')
      .map(consoleLanguage)
      .find((l) => l !== null);
    if (console) return { language: console, isShell: false };
  }
  return tagged ?? detectLanguage(node.value);
}
