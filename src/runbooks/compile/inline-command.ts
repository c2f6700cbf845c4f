import { afterSudoOptions } from './shell/lines.js';
import { KNOWN_COMMANDS } from './vocabulary.js';

/**
 * Inline code that is clearly a command: a known program followed by at least one argument
 * (`kubectl -n $NAMESPACE describe pod $POD`). A lone word (`etcdctl`, `events`), a metric
 * name, a label (`long: 1h`) or a query (`up == 0`) is not.
 */
export function isInlineCommand(code: string): boolean {
  const words = code.trim().split(/\s+/);
  let i = 0;
  while (words[i] === 'sudo' || /^[A-Za-z_]\w*=\S+$/.test(words[i] ?? '')) {
    i = words[i] === 'sudo' ? afterSudoOptions(words, i + 1) : i + 1;
  }
  const program = words[i] ?? '';
  if (
    !KNOWN_COMMANDS.has(program) ||
    [
      'for',
      'while',
      'if',
      'until',
      'case',
      'do',
      'done',
      'then',
      'else',
      'fi',
      'esac',
      'function',
      'test',
      'true',
      'false',
      'type',
      'time',
      'file',
      'host',
      'step',
      'at',
      'w',
      'id',
      'command',
      'set',
      'read',
    ].includes(program)
  ) {
    return false;
  }
  return words.length - i >= 2;
}
