import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../../../src/executions/executor/child-env.js';
import { probeContainment } from '../../../../src/executions/executor/pidns/probe.js';
import { PIPE_CLOSE_WAIT_MS, runCommand } from '../../../../src/executions/executor/run-command.js';
import type { OutputChunk, RunRequest } from '../../../../src/executions/executor/types.js';
import { isDomainError } from '../../../../src/lib/errors.js';
import { announceWhen, isAlive, killPids, pidRecorder, readPids, tempDir, waitUntilDead } from './process-helpers.js';

const env = buildChildEnv(process.env, []);
const run = (command: string, extra: Partial<RunRequest> = {}) =>
  runCommand({ command, env, timeoutMs: 10_000, outputCapBytes: 64 * 1024, ...extra });

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

describe('runCommand: normal runs', () => {
  it('returns the exit code and stdout+stderr as whole lines', async () => {
    const r = await run('echo out; echo err >&2; exit 7');
    expect(r.exitCode).toBe(7);
    expect(r.signal).toBeNull();
    expect(r.timedOut).toBe(false);
    expect(r.aborted).toBe(false);
    expect(r.output.split('\n').sort()).toEqual(['', 'err', 'out']);
    expect(r.outputBytes).toBe(8);
    expect(r.truncated).toBe(false);
    expect(r.pid).toBeGreaterThan(0);
  });

  it('keeps arrival order and never glues a partial stdout line to a stderr line', async () => {
    const r = await run("printf 'abc'; sleep 0.1; echo err >&2; sleep 0.1; echo def");
    expect(r.output).toBe('err\nabcdef\n');
  });

  it('runs with pipefail, so a failing stage fails the pipeline', async () => {
    expect((await run('false | true')).exitCode).toBe(1);
    // the flip side: an upstream stage killed by SIGPIPE makes the pipeline exit 141
    expect((await run('yes | head -n 1')).exitCode).toBe(141);
  });

  it('closes stdin, so a command reading it sees EOF instead of hanging', async () => {
    const r = await run('cat; read -r line || echo "stdin at EOF"', { timeoutMs: 3000 });
    expect(r.timedOut).toBe(false);
    expect(r.output).toBe('stdin at EOF\n');
  });

  it('uses exactly the given environment, minus product secrets', async () => {
    process.env.RBC_PARENT_ONLY = 'should-not-leak';
    try {
      const r = await run('env', {
        env: { PATH: '/usr/bin:/bin', RUNBOOK_VAR: 'visible', SLACK_BOT_TOKEN: 'xoxb-not-for-children' },
      });
      const names = r.output.split('\n').map((l) => l.split('=')[0]);
      expect(r.output).toContain('RUNBOOK_VAR=visible');
      expect(names).not.toContain('SLACK_BOT_TOKEN');
      expect(names).not.toContain('RBC_PARENT_ONLY');
    } finally {
      delete process.env.RBC_PARENT_ONLY;
    }
  });

  it('starts bash with --noprofile --norc -o pipefail -c and nothing else', async () => {
    // a stand-in "shell" that prints the arguments it was given
    const fake = join(dir.path, 'fake-shell');
    writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const r = await run('echo hi', { shell: fake });
    expect(r.output.split('\n')).toEqual(['--noprofile', '--norc', '-o', 'pipefail', '-c', 'echo hi', '']);
  });

  it('drops shell start-up hooks (BASH_ENV, exported functions) from the environment', async () => {
    const hook = join(dir.path, 'hook.sh');
    writeFileSync(hook, 'echo "hook ran"\n');
    const r = await run('echo "cmd ran"; type -t rbc_probe || echo "no rbc_probe function"', {
      env: { ...env, BASH_ENV: hook, 'BASH_FUNC_rbc_probe%%': '() { echo hijacked; }' },
    });
    expect(r.output).toBe('cmd ran\nno rbc_probe function\n');
  });

  it('runs in the requested cwd', async () => {
    const r = await run('pwd', { cwd: dir.path });
    expect(r.output.trim()).toBe(dir.path);
  });

  it('decodes a UTF-8 character split across reads', async () => {
    const r = await run("printf '\\xc3'; sleep 0.1; printf '\\xa9t\\xc3\\xa9\\n'");
    expect(r.output).toBe('été\n');
  });
});

describe('runCommand: redaction', () => {
  it('redacts every onOutput chunk and the final output, even for a secret split across writes', async () => {
    const chunks: OutputChunk[] = [];
    const r = await run(
      "echo 'token=abc123'; printf 'password=hun'; sleep 0.2; printf 'ter2\\n'; echo ghp_abcdefghijklmnopqrstuvwxyz0123456789 >&2",
      { onOutput: (c) => chunks.push(c) },
    );
    const streamed = chunks.map((c) => c.text).join('');
    for (const text of [streamed, r.output]) {
      expect(text).not.toMatch(/abc123|hunter2|ghp_abc/);
      expect(text).toContain('token=[REDACTED]\n');
      expect(text).toContain('password=[REDACTED]\n');
      expect(text).toContain('[REDACTED:github-token]\n');
    }
    expect(chunks.find((c) => c.text.includes('github-token'))?.stream).toBe('stderr');
  });

  it('keeps running when the onOutput listener throws', async () => {
    const r = await run('echo one; echo two', {
      onOutput: () => {
        throw new Error('listener bug');
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('one\ntwo\n');
  });
});

describe('runCommand: output cap', () => {
  it('keeps the head and the tail with a marker, and counts every byte', async () => {
    const r = await run('seq 1 100000', { outputCapBytes: 2000 });
    expect(r.truncated).toBe(true);
    expect(r.outputBytes).toBe(588_895); // bytes of `seq 1 100000`
    expect(r.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(r.output.endsWith('99999\n100000\n')).toBe(true);
    expect(r.output).toMatch(/\n… \[[\d,]+ bytes omitted\] …\n/);
    expect(Buffer.byteLength(r.output)).toBeLessThanOrEqual(2000 + 40);
  });

  it('stays within bounded memory for a command printing 500 MB', { timeout: 60_000 }, async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    let calls = 0;
    const r = await run('yes | head -c 500000000', {
      outputCapBytes: 64 * 1024,
      timeoutMs: 50_000,
      onOutput: () => {
        if (++calls % 200 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    expect(r.timedOut).toBe(false);
    expect(r.outputBytes).toBe(500_000_000);
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output)).toBeLessThan(64 * 1024 + 100);
    // holding the output would need >500 MB; a bounded executor stays far below that
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  });
});

describe.each(['pidns', 'process-group'] as const)('runCommand (%s): timeouts, aborts, leftovers', (containment) => {
  const runIn = (command: string, extra: Partial<RunRequest> = {}) => run(command, { containment, ...extra });

  it('kills the whole tree on timeout with SIGTERM, leaving no orphans', async () => {
    const pidFile = join(dir.path, 'pids');
    const rec = pidRecorder(dir.path);
    const r = await runIn(`${rec} ${pidFile} & ${rec} ${pidFile} & ${announceWhen(pidFile, 2)}; wait`, {
      timeoutMs: 1500,
      killGraceMs: 3000,
    });
    expect(r.timedOut).toBe(true);
    expect(r.aborted).toBe(false);
    expect(r.signal).toBe('SIGTERM');
    expect(r.exitCode).toBeNull();
    expect(r.output).toBe('ready\n');
    // SIGTERM was enough: no need to wait out the grace period
    expect(r.durationMs).toBeGreaterThanOrEqual(1490);
    expect(r.durationMs).toBeLessThan(4000);
    const pids = readPids(pidFile);
    expect(pids).toHaveLength(2);
    expect(await waitUntilDead(pids)).toEqual([]);
  });

  it('escalates to SIGKILL after the grace period when the command ignores SIGTERM', async () => {
    const pidFile = join(dir.path, 'pids');
    const rec = pidRecorder(dir.path);
    const r = await runIn(`trap '' TERM; ${rec} ${pidFile} & ${announceWhen(pidFile, 1)}; wait; sleep 100`, {
      timeoutMs: 1000,
      killGraceMs: 700,
    });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    expect(r.output).toBe('ready\n');
    expect(r.durationMs).toBeGreaterThanOrEqual(1650);
    expect(r.durationMs).toBeLessThan(5000);
    expect(await waitUntilDead(readPids(pidFile))).toEqual([]);
  });

  it('stops on abort and reports aborted with the reason, never timedOut or success', async () => {
    const ac = new AbortController();
    const r = await runIn('echo running; sleep 100', {
      signal: ac.signal,
      killGraceMs: 1000,
      onOutput: () => ac.abort('aborted by an on-call engineer'),
    });
    expect(r.aborted).toBe(true);
    expect(r.stopReason).toBe('aborted by an on-call engineer');
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('SIGTERM');
    expect(r.output).toBe('running\n');
    expect(r.durationMs).toBeLessThan(1500);
  });

  it('does not start anything when the signal is already aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const marker = join(dir.path, 'ran');
    const r = await runIn(`touch ${marker}`, { signal: ac.signal });
    expect(r).toMatchObject({ aborted: true, exitCode: null, pid: undefined, output: '' });
    expect(existsSync(marker)).toBe(false);
  });

  it('stops background processes the command left behind when it exits normally', async () => {
    const pidFile = join(dir.path, 'pids');
    const rec = pidRecorder(dir.path);
    const r = await runIn(`${rec} ${pidFile} & ${announceWhen(pidFile, 1)}; echo done`, { killGraceMs: 3000 });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('ready\ndone\n');
    expect(r.durationMs).toBeLessThan(2000);
    expect(await waitUntilDead(readPids(pidFile))).toEqual([]);
  });

  it('delivers no output after it settled', async () => {
    const chunks: string[] = [];
    const ac = new AbortController();
    const r = await runIn('while true; do echo tick; sleep 0.05; done', {
      signal: ac.signal,
      killGraceMs: 200,
      onOutput: (c) => {
        chunks.push(c.text);
        if (chunks.length === 3) ac.abort();
      },
    });
    const seen = chunks.length;
    await new Promise((res) => setTimeout(res, 300));
    expect(r.aborted).toBe(true);
    expect(seen).toBeGreaterThanOrEqual(3);
    expect(chunks.length).toBe(seen);
  });
});

describe('runCommand: a process that leaves the process group (setsid)', () => {
  it('pidns: is stopped with the step, and the pipes it held do not delay the result', async () => {
    const pidFile = join(dir.path, 'pids');
    const rec = pidRecorder(dir.path);
    const r = await run(`setsid ${rec} ${pidFile} & ${announceWhen(pidFile, 1)}`, { killGraceMs: 3000 });
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe('ready\n');
    expect(r.durationMs).toBeLessThan(PIPE_CLOSE_WAIT_MS);
    expect(await waitUntilDead(readPids(pidFile))).toEqual([]);
  });

  it('process-group: escapes (the documented weakness of the opt-out), and the result still settles', async () => {
    const pidFile = join(dir.path, 'pids');
    const rec = pidRecorder(dir.path);
    try {
      const r = await run(`setsid ${rec} ${pidFile} & ${announceWhen(pidFile, 1)}`, {
        containment: 'process-group',
        killGraceMs: 500,
      });
      expect(r.exitCode).toBe(0);
      expect(r.output).toBe('ready\n');
      expect(r.durationMs).toBeGreaterThanOrEqual(PIPE_CLOSE_WAIT_MS - 50);
      expect(r.durationMs).toBeLessThan(PIPE_CLOSE_WAIT_MS + 2000);
      expect(readPids(pidFile).filter(isAlive)).toHaveLength(1);
    } finally {
      killPids(readPids(pidFile));
    }
  });
});

describe('runCommand: failures to start and bad requests', () => {
  it.each(['pidns', 'process-group'] as const)(
    '%s: reports a missing shell as startError instead of throwing',
    async (containment) => {
      const r = await run('echo hi', { shell: '/nonexistent/bash', containment });
      expect(r.exitCode).toBeNull();
      expect(r.pid).toBeUndefined();
      expect(r.startError).toMatch(/could not start \/nonexistent\/bash/);
    },
  );

  it.each(['pidns', 'process-group'] as const)(
    '%s: reports a missing cwd as startError naming the cwd',
    async (containment) => {
      const r = await run('echo hi', { cwd: join(dir.path, 'missing'), containment });
      expect(r.startError).toContain(join(dir.path, 'missing'));
      expect(r.output).toBe('');
    },
  );

  it('refuses to run when containment is unavailable, naming what is missing and how to fix it', async () => {
    const marker = join(dir.path, 'ran');
    // a system without util-linux: the tools are looked up in an empty directory
    const probe = () => probeContainment({ dirs: [dir.path] });
    const refused = await runCommand(
      { command: `touch ${marker}`, env, timeoutMs: 5000, outputCapBytes: 100 },
      { probe },
    ).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isDomainError(refused, 'config_invalid')).toBe(true);
    expect((refused as Error).message).toBe(
      'Command containment is unavailable: setpriv was not found. To fix: install util-linux 2.32 or later, ' +
        'which provides setpriv and unshare (Debian/Ubuntu: apt-get install util-linux), ' +
        'or set EXECUTION_CONTAINMENT=process-group to accept weaker containment.',
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('runs without containment only when process-group was chosen explicitly', async () => {
    const probe = () => probeContainment({ dirs: [dir.path] });
    const r = await runCommand(
      { command: 'echo ran', env, timeoutMs: 5000, outputCapBytes: 100, containment: 'process-group' },
      { probe },
    );
    expect(r.output).toBe('ran\n');
  });

  it('rejects a non-positive timeout or cap as invalid input', async () => {
    await expect(run('true', { timeoutMs: 0 })).rejects.toSatisfy((e) => isDomainError(e, 'invalid_input'));
    await expect(run('true', { outputCapBytes: 0 })).rejects.toSatisfy((e) => isDomainError(e, 'invalid_input'));
  });
});
