import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/alert-sources');

/** A fixture's exact bytes and its JSON. */
export function fixture(name: string): { raw: Buffer; json: unknown } {
  const raw = readFileSync(path.join(DIR, name));
  return { raw, json: JSON.parse(raw.toString('utf8')) };
}
