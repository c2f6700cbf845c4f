/** What a sed script does besides printing: files it writes and whether it runs commands. */
export interface SedEffects {
  writes: string[];
  executes: boolean;
  /** False when the script did not parse; the caller must not call it safe. */
  understood: boolean;
}

const NO_ARGUMENT = new Set(['=', 'd', 'D', 'g', 'G', 'h', 'H', 'x', 'n', 'N', 'p', 'P', 'z', 'F', 'l', 'L', 'q', 'Q']);

/**
 * A small sed parser that only needs to find `w`/`W` (write a file), `e` (execute) and the
 * `w`/`e` flags of `s///`. Anything it cannot follow makes the script not understood.
 */
export function sedEffects(script: string): SedEffects {
  const effects: SedEffects = { writes: [], executes: false, understood: true };
  let i = 0;
  const n = script.length;
  const restOfLine = (): string => {
    const end = script.indexOf('\n', i);
    const text = script.slice(i, end < 0 ? n : end);
    i = end < 0 ? n : end + 1;
    return text.trim();
  };
  const skipDelimited = (delim: string): boolean => {
    while (i < n) {
      const ch = script[i]!;
      if (ch === '\\') {
        i += 2;
        continue;
      }
      if (ch === '\n' && delim !== '\n') return false;
      i++;
      if (ch === delim) return true;
    }
    return false;
  };
  const skipAddress = (): boolean => {
    const ch = script[i];
    if (ch === undefined) return true;
    if (/[0-9$]/.test(ch)) {
      while (i < n && /[0-9$~]/.test(script[i]!)) i++;
      return true;
    }
    if (ch === '/' || ch === '\\') {
      const delim = ch === '\\' ? script[i + 1] : '/';
      i += ch === '\\' ? 2 : 1;
      if (!delim || !skipDelimited(delim)) return false;
      while (i < n && /[IM]/.test(script[i]!)) i++;
    }
    return true;
  };

  while (i < n) {
    const ch = script[i]!;
    if (/[\s;}]/.test(ch) || ch === '{') {
      i++;
      continue;
    }
    if (ch === '#') {
      restOfLine();
      continue;
    }
    if (!skipAddress()) return { ...effects, understood: false };
    if (script[i] === ',') {
      i++;
      if (script[i] === '+' || script[i] === '~') i++;
      if (!skipAddress()) return { ...effects, understood: false };
    }
    while (script[i] === ' ' || script[i] === '!') i++;
    const cmd = script[i];
    if (cmd === undefined) break;
    i++;
    if (cmd === '{' || cmd === '}' || cmd === ';') continue;
    if (cmd === 's' || cmd === 'y') {
      const delim = script[i];
      if (!delim || delim === '\n' || delim === '\\') return { ...effects, understood: false };
      i++;
      if (!skipDelimited(delim) || !skipDelimited(delim)) return { ...effects, understood: false };
      if (cmd === 'y') continue;
      while (i < n && /[gpiImMe0-9]/.test(script[i]!)) {
        if (script[i] === 'e') effects.executes = true;
        i++;
      }
      if (script[i] === 'w') {
        i++;
        effects.writes.push(restOfLine());
      }
      continue;
    }
    if (cmd === 'w' || cmd === 'W') {
      effects.writes.push(restOfLine());
      continue;
    }
    if (cmd === 'e') {
      effects.executes = true;
      restOfLine();
      continue;
    }
    if (cmd === 'a' || cmd === 'i' || cmd === 'c') {
      // Text runs to the end of the line; a trailing backslash continues it.
      let line = restOfLine();
      while (line.endsWith('\\') && i < n) line = restOfLine();
      continue;
    }
    if (cmd === 'r' || cmd === 'R' || cmd === ':' || cmd === 'b' || cmd === 't' || cmd === 'T' || cmd === 'v') {
      while (i < n && script[i] !== '\n' && script[i] !== ';') i++;
      continue;
    }
    if (NO_ARGUMENT.has(cmd)) {
      while (i < n && /[0-9 ]/.test(script[i]!)) i++;
      continue;
    }
    return { ...effects, understood: false };
  }
  return effects;
}
