#!/usr/bin/env node
// The package's bin: runs the compiled JavaScript in dist/ (`npm run build`, which `npm ci`
// runs through the prepare script), so a CLI call does not pay for a TypeScript loader.
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('runbook-copilot: dist/ is missing. Run `npm run build` (or `npm ci`, which builds) first.\n');
  process.exit(2);
}
await import(main.href);
