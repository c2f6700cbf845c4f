import { decodeBackslashEscapes, evaluatePrintf } from './escapes.js';
import type { SyntaxNode } from './parser.js';
import { programNameOf } from './program-name.js';
import { resolveWord } from './resolve-word.js';
import type { ScriptScope } from './scope.js';
import type { SubstitutionOrigin } from './word.js';

/**
 * What a command writes to stdout, as far as the scanner can tell without running it:
 * the exact text (echo, printf, cat of a heredoc), or at least where it comes from.
 * Used for `… | sh`, `sh -c "$(…)"`, `$(echo rm)` and `echo "<sql>" | psql`.
 */
export interface ProducedText {
  text: string | null;
  origin: SubstitutionOrigin;
}

const UNKNOWN: ProducedText = { text: null, origin: 'unknown' };

/** Fetches content from elsewhere: executing it runs code nobody reviewed. */
const REMOTE_PROGRAMS = new Set([
  'curl',
  'wget',
  'fetch',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'http',
  'https',
  'xh',
  'ssh',
  'aws',
  'gsutil',
  'gcloud',
  'az',
  'kubectl',
  'oc',
  'docker',
  'git',
  'dig',
  'vault',
  'redis-cli',
]);

/** Turns text into other text: executing the result hides what runs. */
const TRANSFORMERS = new Set([
  'base32',
  'xxd',
  'openssl',
  'gunzip',
  'zcat',
  'gzip',
  'bzcat',
  'bzip2',
  'xzcat',
  'xz',
  'unxz',
  'zstdcat',
  'zstd',
  'unzstd',
  'rev',
  'tr',
  'sed',
  'awk',
  'gawk',
  'perl',
  'python',
  'python3',
  'ruby',
  'node',
  'iconv',
  'uudecode',
  'jq',
  'yq',
]);

/** Pass their input through (possibly filtered): the origin is the upstream's. */
const PASSTHROUGH = new Set(['tee', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'sort', 'uniq', 'cut', 'cat', 'less']);

export function analyseSubstitution(node: SyntaxNode, scope: ScriptScope): ProducedText {
  const inner = node.namedChildren.filter((c) => c.type !== 'comment');
  if (inner.length !== 1) return UNKNOWN;
  return analyseStatement(inner[0]!, scope, null);
}

export function analyseStatement(node: SyntaxNode, scope: ScriptScope, upstream: ProducedText | null): ProducedText {
  switch (node.type) {
    case 'pipeline': {
      let current = upstream;
      for (const element of node.namedChildren) current = analyseStatement(element, scope, current);
      return current ?? UNKNOWN;
    }
    case 'redirected_statement': {
      const produced = analyseRedirectedBody(node, scope, upstream);
      // A heredoc_redirect can hold the rest of the pipeline (`cat <<EOF | sh`): follow it.
      const rest = heredocContinuation(node)?.namedChildren.find((c) => c.type === 'pipeline');
      return rest ? analyseStatement(rest, scope, produced) : produced;
    }
    case 'command':
      return analyseCommand(node, scope, upstream);
    case 'subshell':
    case 'compound_statement': {
      const inner = node.namedChildren.filter((c) => c.type !== 'comment');
      return inner.length === 1 ? analyseStatement(inner[0]!, scope, upstream) : UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/** What the body of `cmd <<EOF …` or `cmd <<< …` writes, before any pipeline continuation. */
export function analyseRedirectedBody(
  node: SyntaxNode,
  scope: ScriptScope,
  upstream: ProducedText | null,
): ProducedText {
  const body = node.childForFieldName('body');
  if (body?.type !== 'command') return UNKNOWN;
  const writesElsewhere = node
    .childrenForFieldName('redirect')
    .some((r) => r.type === 'file_redirect' && isStdoutToFile(r));
  if (writesElsewhere) return { text: '', origin: 'local' };
  return analyseCommand(body, scope, heredocOrHerestringText(node, scope) ?? upstream);
}

/** tree-sitter-bash nests the rest of the line after `<<EOF` (a pipeline, `&& cmd`) inside the heredoc node. */
export function heredocContinuation(node: SyntaxNode): SyntaxNode | null {
  return node.namedChildren.find((c) => c.type === 'heredoc_redirect') ?? null;
}

function isStdoutToFile(redirect: SyntaxNode): boolean {
  const fd = redirect.childForFieldName('descriptor')?.text;
  const op = redirect.children.find((c) => !c.isNamed)?.type ?? '';
  return (fd === undefined || fd === '1') && (op === '>' || op === '>>' || op === '>|' || op === '&>' || op === '&>>');
}

/** The text a heredoc or here-string feeds to stdin, when it is static. */
export function heredocOrHerestringText(node: SyntaxNode, scope: ScriptScope): ProducedText | null {
  for (const child of node.namedChildren) {
    if (child.type === 'heredoc_redirect') {
      const body = child.namedChildren.find((c) => c.type === 'heredoc_body');
      return { text: body ? heredocBodyText(body, child) : '', origin: 'local' };
    }
    if (child.type === 'herestring_redirect') {
      const word = child.namedChildren[0];
      const value = word ? resolveWord(word, scope).value : null;
      return { text: value === null ? null : `${value}\n`, origin: 'local' };
    }
  }
  return null;
}

/** Body text of a heredoc; `<<-` strips leading tabs. */
export function heredocBodyText(body: SyntaxNode, redirect: SyntaxNode): string {
  const stripTabs = redirect.children.some((c) => c.type === '<<-');
  const text = body.text;
  return stripTabs ? text.replace(/^\t+/gm, '') : text;
}

function analyseCommand(node: SyntaxNode, scope: ScriptScope, upstream: ProducedText | null): ProducedText {
  const nameNode = node.childForFieldName('name');
  if (!nameNode) return UNKNOWN;
  const nameValue = resolveWord(nameNode, scope).value;
  if (nameValue === null) return UNKNOWN;
  const { name } = programNameOf(nameValue);
  const args = node.childrenForFieldName('argument').map((a) => resolveWord(a, scope).value);
  const hereText = heredocOrHerestringText(node, scope);
  const input = hereText ?? upstream;

  if (name === 'echo') return echoOutput(args);
  const located = locatedProgram(name, args);
  if (located !== null) return { text: `${located}\n`, origin: 'local' };
  if (name === 'printf') return printfOutput(args);
  if (REMOTE_PROGRAMS.has(name)) return { text: null, origin: 'remote' };
  if (name === 'base64') return base64Output(args, input);
  if (TRANSFORMERS.has(name)) return { text: null, origin: input ? 'decoded' : 'unknown' };
  if (PASSTHROUGH.has(name)) {
    const readsFiles = args.some((a) => a === null || !a.startsWith('-'));
    if (name === 'cat' && readsFiles) return { text: null, origin: 'local' };
    if (!input) return UNKNOWN;
    return { text: name === 'cat' || name === 'tee' ? input.text : null, origin: input.origin };
  }
  return UNKNOWN;
}

/**
 * `which rm`, `command -v rm`, `type -P rm` print where a program is: `"$(which rm)" -rf /srv`
 * runs rm (decision 0027). The name stands for the path; the scanner judges programs by name.
 */
function locatedProgram(name: string, args: Array<string | null>): string | null {
  const [first, second] = args;
  const one = args.length === 1 ? first : null;
  if (name === 'which' && one && !one.startsWith('-')) return one;
  if ((name === 'command' && (first === '-v' || first === '-V')) || (name === 'type' && first === '-P'))
    return args.length === 2 && second && !second.startsWith('-') ? second : null;
  return null;
}

function echoOutput(args: Array<string | null>): ProducedText {
  if (args.some((a) => a === null)) return UNKNOWN;
  const words = args as string[];
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < words.length && /^-[neE]+$/.test(words[i]!); i++) {
    const flags = words[i]!;
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
  }
  const joined = words.slice(i).join(' ');
  const text = escapes ? decodeBackslashEscapes(joined, true) : joined;
  return { text: newline ? `${text}\n` : text, origin: 'local' };
}

function printfOutput(args: Array<string | null>): ProducedText {
  if (args.length === 0 || args.some((a) => a === null)) return UNKNOWN;
  let words = args as string[];
  if (words[0] === '--') words = words.slice(1);
  if (words[0] === '-v') return { text: '', origin: 'local' };
  const text = words[0] === undefined ? null : evaluatePrintf(words[0], words.slice(1));
  return text === null ? UNKNOWN : { text, origin: 'local' };
}

function base64Output(args: Array<string | null>, input: ProducedText | null): ProducedText {
  const decode = args.some(
    (a) => a === '-d' || a === '--decode' || a === '-D' || (a !== null && /^-[a-zA-Z]*d/.test(a)),
  );
  if (!input) return UNKNOWN;
  if (decode && input.text !== null) {
    const clean = input.text.replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/]*={0,2}$/.test(clean))
      return { text: Buffer.from(clean, 'base64').toString('utf8'), origin: 'decoded' };
  }
  return { text: null, origin: 'decoded' };
}
