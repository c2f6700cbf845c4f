import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanCommand } from '../../../src/classifier/index.js';
import { HIDDEN_CHARACTERS, HOLES, SAFE_COMMANDS } from './support/holes.js';

/** bash single-quoting: the text passes through unchanged. */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Ways to place a command inside a larger one; each still runs it. */
const WRAPPERS: ReadonlyArray<(cmd: string) => string> = [
  (c) => c,
  (c) => `( ${c} )`,
  (c) => `{ ${c}; }`,
  (c) => `if true; then ${c}; fi`,
  (c) => `for i in 1; do ${c}; done`,
  (c) => `bash -c ${singleQuoted(c)}`,
  (c) => `sh -c ${singleQuoted(c)}`,
  (c) => `echo "$(${c})"`,
  (c) => `timeout 60 bash -c ${singleQuoted(c)}`,
  (c) => `sudo bash -c ${singleQuoted(c)}`,
  (c) => `ssh web1 ${singleQuoted(c)}`,
  (c) => `watch -n 5 ${singleQuoted(c)}`,
];
const SEPARATORS = ['; ', ' && ', ' || ', '\n', ' & '];

const safeCommand = fc.constantFrom(...SAFE_COMMANDS);
const composition = (hole: fc.Arbitrary<string>) =>
  fc
    .record({
      before: fc.array(safeCommand, { maxLength: 3 }),
      after: fc.array(safeCommand, { maxLength: 3 }),
      hole,
      wrap: fc.constantFrom(...WRAPPERS),
      outer: fc.constantFrom(...WRAPPERS.slice(0, 5)),
      separator: fc.constantFrom(...SEPARATORS),
    })
    .map(({ before, after, hole, wrap, outer, separator }) => outer([...before, wrap(hole), ...after].join(separator)));

describe('random compositions of safe commands with a hole (issue 16)', () => {
  it('starts from commands the scanner proves safe, in every wrapper', () => {
    for (const cmd of SAFE_COMMANDS) {
      for (const wrap of WRAPPERS) expect(scanCommand(wrap(cmd)).level, wrap(cmd)).toBe('safe');
    }
  });

  it('never calls a composition holding a false-safe hole safe', () => {
    const hole = fc.constantFrom(...HOLES.map((h) => h.cmd));
    fc.assert(
      fc.property(composition(hole), (cmd) => {
        expect(scanCommand(cmd).level, cmd).not.toBe('safe');
      }),
      { numRuns: 600, seed: 16 },
    );
  });

  it('never calls a safe composition with a hidden character inserted safe', () => {
    const withHidden = fc
      .record({
        cmd: composition(safeCommand),
        char: fc.constantFrom(...HIDDEN_CHARACTERS),
        at: fc.nat(),
      })
      .map(({ cmd, char, at }) => {
        const i = at % (cmd.length + 1);
        return cmd.slice(0, i) + char + cmd.slice(i);
      });
    fc.assert(
      fc.property(withHidden, (cmd) => {
        expect(scanCommand(cmd).level, JSON.stringify(cmd)).not.toBe('safe');
      }),
      { numRuns: 400, seed: 16 },
    );
  });

  it('gives the same verdict every time for the same composition', () => {
    const hole = fc.constantFrom(...HOLES.map((h) => h.cmd));
    fc.assert(
      fc.property(composition(hole), (cmd) => {
        expect(scanCommand(cmd)).toEqual(scanCommand(cmd));
      }),
      { numRuns: 100, seed: 16 },
    );
  });
});
