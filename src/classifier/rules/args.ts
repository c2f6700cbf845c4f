import { sliceWord, type Word } from '../scanner/word.js';

export interface ArgSpec {
  /** Options that take a value: `-n ns`, `--namespace ns`, `--namespace=ns`, `-nns`. */
  valued?: Iterable<string>;
  /** Stop at the first positional: what follows belongs to a payload (sudo, ssh, docker exec). */
  stopAtPositional?: boolean;
  /** Options are single-dash words (`-auto-approve`, `-name`): no `-rf` style clusters. */
  singleDashLong?: boolean;
  /** Every `--long` option takes a value unless listed in `flags` or starting with `--no-` (aws). */
  longValuedByDefault?: boolean;
  flags?: Iterable<string>;
}

export interface OptionValue {
  /** Null when the option has no value or its value is only known at run time. */
  value: string | null;
  word: Word;
}

export interface ParsedArgs {
  /** Non-option words, in order; dynamic words land here too. */
  positionals: Word[];
  /** Every option occurrence by the name written (`-n`, `--namespace`). */
  options: Map<string, OptionValue[]>;
  /** Words after `--`, or from the first positional when `stopAtPositional`. */
  rest: Word[];
  /** Whether a `--` ended the options. */
  sawDoubleDash: boolean;
  has(...names: string[]): boolean;
  /** The last value given for any of the names. */
  get(...names: string[]): OptionValue | undefined;
  values(...names: string[]): OptionValue[];
  withPositionals(positionals: Word[], rest?: Word[]): ParsedArgs;
}

/** A compiled spec: parse many times without rebuilding sets. */
export interface ArgParser {
  parse(args: readonly Word[]): ParsedArgs;
}

export function argParser(spec: ArgSpec = {}): ArgParser {
  const valued = new Set(spec.valued ?? []);
  const flags = new Set(spec.flags ?? []);
  const takesValue = spec.longValuedByDefault
    ? (name: string) => valued.has(name) || (name.startsWith('--') && !flags.has(name) && !name.startsWith('--no-'))
    : (name: string) => valued.has(name);
  return { parse: (args) => parseArgs(args, takesValue, spec) };
}

function addOption(options: Map<string, OptionValue[]>, name: string, value: OptionValue): void {
  const list = options.get(name);
  if (list) list.push(value);
  else options.set(name, [value]);
}

function parseArgs(args: readonly Word[], takesValue: (name: string) => boolean, spec: ArgSpec): ParsedArgs {
  const positionals: Word[] = [];
  const options = new Map<string, OptionValue[]>();
  let rest: Word[] = [];
  let sawDoubleDash = false;

  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const v = word.value;
    // `--opt=$VALUE`: the option is known, only its value is dynamic.
    const dynamicOption = v === null ? /^(--?[A-Za-z][\w-]*)=/.exec(word.raw) : null;
    if (dynamicOption) {
      addOption(options, dynamicOption[1]!, {
        value: null,
        word: { ...word, raw: word.raw.slice(dynamicOption[0].length) },
      });
      continue;
    }
    if (v === null || v === '-' || !v.startsWith('-') || v.length < 2) {
      if (spec.stopAtPositional) {
        rest = args.slice(i);
        break;
      }
      positionals.push(word);
      continue;
    }
    if (v === '--') {
      sawDoubleDash = true;
      rest = args.slice(i + 1);
      break;
    }
    if (v.startsWith('--') || spec.singleDashLong) {
      const eq = v.indexOf('=');
      if (eq > 0) {
        const sliced = sliceWord(word, eq + 1);
        addOption(options, v.slice(0, eq), { value: sliced.value, word: sliced });
      } else if (takesValue(v) && i + 1 < args.length) {
        const next = args[++i]!;
        addOption(options, v, { value: next.value, word: next });
      } else {
        addOption(options, v, { value: null, word });
      }
      continue;
    }
    // A POSIX cluster: `-rf` is -r -f; a valued letter takes the rest of the word or the next one.
    for (let j = 1; j < v.length; j++) {
      const name = `-${v[j]}`;
      if (!takesValue(name)) {
        addOption(options, name, { value: null, word });
        continue;
      }
      if (j + 1 < v.length) {
        const sliced = sliceWord(word, v[j + 1] === '=' ? j + 2 : j + 1);
        addOption(options, name, { value: sliced.value, word: sliced });
      } else if (i + 1 < args.length) {
        const next = args[++i]!;
        addOption(options, name, { value: next.value, word: next });
      } else {
        addOption(options, name, { value: null, word });
      }
      break;
    }
  }

  return new Parsed(positionals, options, rest, sawDoubleDash);
}

/** The parse result; methods live on the prototype so no closures are made per parse. */
class Parsed implements ParsedArgs {
  constructor(
    readonly positionals: Word[],
    readonly options: Map<string, OptionValue[]>,
    readonly rest: Word[],
    readonly sawDoubleDash: boolean,
  ) {}

  has(...names: string[]): boolean {
    for (const n of names) if (this.options.has(n)) return true;
    return false;
  }

  get(...names: string[]): OptionValue | undefined {
    let found: OptionValue | undefined;
    for (const n of names) {
      const list = this.options.get(n);
      if (list?.length) found = list[list.length - 1];
    }
    return found;
  }

  /** The same options with other positionals (`oc adm drain node` read as `drain node`). */
  withPositionals(positionals: Word[], rest: Word[] = this.rest): ParsedArgs {
    return new Parsed(positionals, this.options, rest, this.sawDoubleDash);
  }

  values(...names: string[]): OptionValue[] {
    const out: OptionValue[] = [];
    for (const n of names) {
      const list = this.options.get(n);
      if (list) out.push(...list);
    }
    return out;
  }
}

/** Static values of words, or null when any is dynamic. */
export function staticValues(words: readonly Word[]): string[] | null {
  const out: string[] = [];
  for (const w of words) {
    if (w.value === null) return null;
    out.push(w.value);
  }
  return out;
}

/** Whether any word could expand to many words at run time (a substitution or unquoted glob). */
export function expandsToMany(words: readonly Word[]): boolean {
  return words.some((w) => w.hasSubstitution);
}
