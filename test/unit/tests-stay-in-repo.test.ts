import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A fresh clone in an empty folder must pass `npm test` with nothing beside it: no test may
 * read a sibling checkout, a home folder or a machine path. Scratch space under the OS temp
 * folder is fine (tests create and remove it); data a test reads lives in test/fixtures.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTSIDE = [
  { pattern: /\.\.\/shared\b/, why: 'a sibling shared/ folder' },
  { pattern: /['"`]\/work\//, why: 'a machine path' },
  { pattern: /\bhomedir\(\)/, why: 'the home folder' },
];

/** A relative path handed to resolve/join/URL from this file must stay inside the repository. */
function climbsOut(file: string, line: string): boolean {
  if (!/\b(resolve|join|URL)\(/.test(line)) return false;
  return [...line.matchAll(/['"`]((?:\.\.\/?)+[^'"`]*)['"`]/g)].some((m) => {
    const target = path.resolve(path.dirname(file), m[1]!);
    return target !== root && !target.startsWith(`${root}${path.sep}`);
  });
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === 'fixtures' ? [] : sources(full);
    return /\.(ts|mjs|js)$/.test(entry) ? [full] : [];
  });
}

describe('tests read nothing outside the repository', () => {
  it.each(['test', 'bench'])('%s/ names no path outside the repository', (folder) => {
    const self = fileURLToPath(import.meta.url);
    const found = sources(path.join(root, folder))
      .filter((file) => file !== self)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            [
              ...OUTSIDE.filter(({ pattern }) => pattern.test(line)).map(({ why }) => why),
              ...(climbsOut(file, line) ? ['a path above the repository'] : []),
            ].map((why) => `${path.relative(root, file)}:${i + 1} reads ${why}: ${line.trim()}`),
          ),
      );
    expect(found).toEqual([]);
  });
});
