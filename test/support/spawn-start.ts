import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './e2e.js';
import { type TestDatabase, uniquePrefix } from './test-db.js';

/** The line `start` prints last, once everything is ready. */
export const SANDBOX_URL_LINE = /Open the local Slack sandbox: (http:\/\/\S+)/;

export interface StartedProduct {
  child: ChildProcess;
  /** The working folder the product runs in (its .sandbox/ conversation file lives here). */
  cwd: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` on stdout; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * `npm start` as a newcomer runs it: the installed bin (compiled dist/, built by the pretest
 * step) with no Slack tokens, a clean environment, and its own database, queue prefix and folder.
 */
export function spawnStart(db: TestDatabase, env: Record<string, string> = {}, cwd?: string): StartedProduct {
  const folder = cwd ?? mkdtempSync(path.join(tmpdir(), 'rbc-start-'));
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/runbook-copilot.mjs'), 'start'], {
    cwd: folder,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: db.appUrl,
      MIGRATION_DATABASE_URL: db.ownerUrl,
      QUEUE_PREFIX: uniquePrefix(),
      RUNBOOKS_DIR: path.join(REPO_ROOT, 'runbooks'),
      HTTP_PORT: '0',
      SANDBOX_PORT: '0',
      ...env,
    },
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    cwd: folder,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`start exited (${code}) before ${pattern}:\n${out}\n${err}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout!.off('data', check);
          child.off('exit', onExit);
        };
        child.stdout!.on('data', check);
        child.once('exit', onExit);
        check();
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Removes the folder a started product ran in. */
export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}
