#!/usr/bin/env node
/**
 * Puts back the lock entries npm leaves out when the registry it can reach lacks other
 * platforms' builds (as the project's registry mirror does for some of them): an optional
 * `@scope/pkg-darwin-arm64` that cannot be fetched is dropped from package-lock.json, and
 * `npm ci` then refuses the lock as out of sync. Each entry is added back as optional with
 * the os/cpu/libc its name states, so `npm ci` skips it on every other platform.
 *
 * Run after `npm install` changes the lock: `node scripts/complete-lockfile.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const PLATFORM =
  /-(android|darwin|freebsd|linux|openbsd|sunos|win32|aix)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64|loong64|mips64el)(?:-(musl|gnu|gnueabihf|msvc))?$/;

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key] || packages[`${path}/node_modules/${name}`]) continue;
    const platform = PLATFORM.exec(name);
    if (!platform) continue; // not a per-platform build: leave it to npm
    const [, os, cpu, abi] = platform;
    packages[key] = {
      version: range.replace(/^[\^~=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(abi === 'musl' || abi === 'gnu' ? { libc: [abi === 'gnu' ? 'glibc' : 'musl'] } : {}),
    };
    added += 1;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} per-platform optional entr${added === 1 ? 'y' : 'ies'}`);
