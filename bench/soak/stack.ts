import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The product as separate OS processes: Redis, the sandbox, web replicas and workers. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Proc {
  name: string;
  child: ChildProcess;
  /** Resolves with the first stdout line matching the readiness pattern. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** Every process started, so a failed set-up still leaves nothing running. */
const started: Proc[] = [];

export function killAll(): void {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
}

export function startProc(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  readyPattern: RegExp,
  log: WriteStream,
): Proc {
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within 60 s:\n${out.slice(-2000)}`)),
      60_000,
    );
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      log.write(`[${name}] ${d}`);
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${out.slice(-2000)}`));
    });
  });
  ready.catch(() => undefined);
  child.stderr!.on('data', (d: Buffer) => log.write(`[${name}] ${d}`));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const proc = { name, child, ready, exited };
  started.push(proc);
  return proc;
}

export function openLog(file: string): WriteStream {
  return createWriteStream(file, { flags: 'a' });
}

export async function kill9(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

export async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}

/** A free-looking port in 4100–4999, as the team's machine rules ask for long-running servers. */
export function randomPort(): number {
  return 4100 + Math.floor(Math.random() * 900);
}
