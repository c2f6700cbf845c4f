#!/usr/bin/env node
// Compiles the TypeScript sources (src/, blocks/, migrations/) to JavaScript in dist/, file
// by file (no bundling: node_modules stay external, import paths already end in .js), and
// copies the sandbox page's static files. Type checking is `npm run typecheck`; this only
// transpiles, so it takes about a second and the installed bin starts without tsx.
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');

function tsFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return tsFiles(full);
    return entry.endsWith('.ts') && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

rmSync(out, { recursive: true, force: true });
const entryPoints = ['src', 'blocks', 'migrations'].flatMap((d) => tsFiles(path.join(root, d)));
await build({
  entryPoints,
  outdir: out,
  outbase: root,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
cpSync(path.join(root, 'src/sandbox/web'), path.join(out, 'src/sandbox/web'), {
  recursive: true,
  filter: (src) => !src.endsWith('.ts'),
});
console.log(`Built ${entryPoints.length} files into dist/`);
