/** What an awk program does besides printing to stdout. */
export interface AwkEffects {
  /** Files it writes with `print > "file"` (null: a name built at run time), and whether it appends. */
  writes: Array<{ file: string | null; append: boolean }>;
  /** Command lines it runs (null when built at run time); `fed` when awk writes to their stdin. */
  commands: Array<{ command: string | null; fed: boolean }>;
  /** Uses @include/@load or other constructs the scanner does not follow. */
  opaque: boolean;
}

type Token = { kind: 'string'; value: string } | { kind: 'word'; value: string } | { kind: 'punct'; value: string };

const OPERAND_END = /[\w)\]$]/;

/** Tokenises awk enough to tell strings, regex literals, words and operators apart. */
function tokenise(program: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let lastSignificant = '';
  while (i < program.length) {
    const ch = program[i]!;
    if (ch === '#') {
      while (i < program.length && program[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n') {
      tokens.push({ kind: 'punct', value: ';' });
      lastSignificant = ';';
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let value = '';
      i++;
      while (i < program.length && program[i] !== '"') {
        if (program[i] === '\\' && i + 1 < program.length) {
          const next = program[i + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
          continue;
        }
        value += program[i];
        i++;
      }
      i++;
      tokens.push({ kind: 'string', value });
      lastSignificant = '"';
      continue;
    }
    if (ch === '/' && !OPERAND_END.test(lastSignificant)) {
      // A regex literal: skip it, honouring escapes and bracket expressions.
      i++;
      let inClass = false;
      while (i < program.length) {
        const c = program[i]!;
        if (c === '\\') i += 2;
        else {
          if (c === '[') inClass = true;
          else if (c === ']') inClass = false;
          else if (c === '/' && !inClass) break;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'word', value: '/regex/' });
      lastSignificant = 'r';
      continue;
    }
    const word = /^[A-Za-z_@][\w]*|^\d+(\.\d+)?/.exec(program.slice(i));
    if (word) {
      tokens.push({ kind: 'word', value: word[0] });
      lastSignificant = word[0].slice(-1);
      i += word[0].length;
      continue;
    }
    const punct = /^(\|\||\|&|>>|&&|[<>=!]=|\+\+|--|.)/s.exec(program.slice(i))![0];
    tokens.push({ kind: 'punct', value: punct });
    lastSignificant = punct === ')' || punct === ']' || punct === '$' ? punct : punct.slice(-1) === ')' ? ')' : punct;
    i += punct.length;
  }
  return tokens;
}

export function awkEffects(program: string): AwkEffects {
  const effects: AwkEffects = { writes: [], commands: [], opaque: false };
  const tokens = tokenise(program);
  let inPrint = false;
  let depth = 0;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    const next = tokens[t + 1];
    const prev = tokens[t - 1];
    if (tok.kind === 'word') {
      if (tok.value.startsWith('@')) effects.opaque = true;
      if (tok.value === 'print' || tok.value === 'printf') {
        inPrint = true;
        depth = 0;
      }
      if (tok.value === 'system' && next?.value === '(') {
        const arg = tokens[t + 2];
        const closes = tokens[t + 3]?.value === ')';
        effects.commands.push({ command: arg?.kind === 'string' && closes ? arg.value : null, fed: false });
      }
      continue;
    }
    if (tok.kind !== 'punct') continue;
    if (tok.value === ';' || tok.value === '{' || tok.value === '}') inPrint = false;
    if (tok.value === '(') depth++;
    if (tok.value === ')') depth--;
    if (tok.value === '|&') effects.commands.push({ command: null, fed: true });
    if (tok.value === '|') {
      if (next?.kind === 'word' && next.value === 'getline') {
        effects.commands.push({ command: prev?.kind === 'string' ? prev.value : null, fed: false });
      } else if (inPrint) {
        effects.commands.push({ command: next?.kind === 'string' ? next.value : null, fed: true });
      } else {
        effects.commands.push({ command: null, fed: true });
      }
    }
    if ((tok.value === '>' || tok.value === '>>') && inPrint && depth <= 0) {
      effects.writes.push({ file: next?.kind === 'string' ? next.value : null, append: tok.value === '>>' });
    }
  }
  return effects;
}
