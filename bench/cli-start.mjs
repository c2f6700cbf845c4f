#!/usr/bin/env node
// How long the installed bin takes to start and answer, for the commands that need no
// database: `--help`, `classify`, `parse`. Prints one JSON object (milliseconds, p50/max of 9 runs).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/runbook-copilot.mjs');
const cases = {
  help: ['--help'],
  classify: ['classify', 'kubectl get pods -n payments'],
  parse: ['parse', path.join(root, 'runbooks/api-latency.md'), '--json'],
};

function time(args) {
  const runs = [];
  for (let i = 0; i < 9; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, ...args], { stdio: 'ignore', cwd: root });
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  runs.sort((a, b) => a - b);
  return { p50Ms: Math.round(runs[4]), maxMs: Math.round(runs[8]) };
}

const result = Object.fromEntries(Object.entries(cases).map(([name, args]) => [name, time(args)]));
console.log(JSON.stringify(result));
