import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../migrations/index.js';
import { MIGRATIONS_DIR } from '../../../src/db/migrator.js';

describe('migrations/index.ts', () => {
  it('lists every migration file in the folder, in name order', () => {
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f !== 'index.ts' && f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(MIGRATIONS)).toEqual(files);
  });
});
