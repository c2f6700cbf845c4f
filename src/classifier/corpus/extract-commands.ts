import { knownPrograms } from '../rules/registry.js';

/** A shell command found in a runbook. */
export interface ExtractedCommand {
  command: string;
  /** 1-based line of the command's first line in the Markdown. */
  line: number;
  kind: 'fenced' | 'inline';
}

const SHELL_FENCES = new Set([
  '',
  'sh',
  'shell',
  'bash',
  'zsh',
  'console',
  'terminal',
  'shell-session',
  'sh-session',
  'shellsession',
  'bash-session',
]);
const PROMPT = /^(\$|#|%|>)\s+/;
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][\w]*)\1/;

let programs: ReadonlySet<string> | null = null;
function isKnownProgram(word: string): boolean {
  programs ??= new Set(knownPrograms());
  return programs.has(word) || /^(kubectl|oc|etcdctl|\.\/|sudo)/.test(word);
}

/**
 * Runbook placeholders (`<pod-name>`, `<value of namespace label from alert>`) are filled in
 * before a command runs, as the runbook compiler treats them; pasted as written they would
 * be shell redirections. They become variables here.
 */
export function fillPlaceholders(command: string): string {
  return command.replace(/(?<![<\w])<([A-Za-z][^<>\n]*)>/g, (_m, inner: string) => {
    const name = inner
      .trim()
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .toUpperCase();
    return `\${${name || 'PLACEHOLDER'}}`;
  });
}

/**
 * Commands in Markdown: lines of shell fences (with `$ `/`# ` prompts, only the prompted
 * lines; without prompts, every non-comment line, continuations and heredocs joined) and
 * inline code that starts with a program the scanner knows. Output lines are skipped.
 */
export function extractCommands(markdown: string): ExtractedCommand[] {
  const lines = markdown.split('\n');
  const out: ExtractedCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (!fence) {
      out.push(...inlineCommands(lines[i]!, i + 1));
      i++;
      continue;
    }
    const [, indent = '', marker = '```', lang = ''] = fence;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trimStart().startsWith(marker)) {
      body.push(lines[j]!.startsWith(indent) ? lines[j]!.slice(indent.length) : lines[j]!.trimStart());
      j++;
    }
    if (SHELL_FENCES.has(lang.toLowerCase())) out.push(...blockCommands(body, i + 2, lang === ''));
    i = j + 1;
  }
  return out;
}

function blockCommands(body: string[], firstLine: number, unlabelled: boolean): ExtractedCommand[] {
  const prompted = body.some((l) => /^\$\s+/.test(l));
  // An unlabelled fence without prompts is as often output or config as it is commands.
  if (unlabelled && !prompted) return [];
  const out: ExtractedCommand[] = [];
  for (let k = 0; k < body.length; k++) {
    let text = body[k]!;
    if (prompted) {
      if (!PROMPT.test(text)) continue;
      text = text.replace(PROMPT, '');
    } else if (text.trim() === '' || text.trimStart().startsWith('#') || looksLikeOutput(text)) {
      continue;
    }
    const start = k;
    // Backslash continuations and heredoc bodies belong to the same command.
    while (text.endsWith('\\') && k + 1 < body.length) text = `${text}\n${body[++k]!.replace(PROMPT, '')}`;
    const heredoc = HEREDOC.exec(text);
    if (heredoc) {
      const end = body.findIndex((l, n) => n > k && l.trim() === heredoc[2]);
      if (end > k) {
        text = [text, ...body.slice(k + 1, end + 1)].join('\n');
        k = end;
      }
    }
    if (text.trim()) out.push({ command: text.trim(), line: firstLine + start, kind: 'fenced' });
  }
  return out;
}

/**
 * Lines in a shell fence that are not shell: an elision (`...`), a YAML `key: value`, or a
 * table row of command output (columns separated by runs of spaces).
 */
function looksLikeOutput(line: string): boolean {
  const t = line.trim();
  return /^(\.\.\.|…)$/.test(t) || /^[\w.-]+:(\s|$)/.test(t) || /\S {2,}\S+ {2,}\S/.test(t);
}

function inlineCommands(line: string, lineNumber: number): ExtractedCommand[] {
  const out: ExtractedCommand[] = [];
  for (const m of line.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)) {
    const code = m[1]!.trim().replace(/^\$\s+/, '');
    const first = code.split(/\s+/)[0] ?? '';
    if (code.includes(' ') && isKnownProgram(first)) out.push({ command: code, line: lineNumber, kind: 'inline' });
  }
  return out;
}
