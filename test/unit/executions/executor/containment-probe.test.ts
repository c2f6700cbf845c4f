import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  NOT_NAMESPACE_INIT_EXIT,
  NS_INIT_NAME,
  NS_INIT_SCRIPT,
} from '../../../../src/executions/executor/pidns/init-script.js';
import { INIT_SHELL } from '../../../../src/executions/executor/pidns/launch.js';
import { describeContainment, probeContainment } from '../../../../src/executions/executor/pidns/probe.js';
import { tempDir } from './process-helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** A tools directory with the real setpriv/unshare, except the ones given as scripts. */
function toolsDir(fakes: { setpriv?: string; unshare?: string }): string[] {
  for (const name of ['setpriv', 'unshare'] as const) {
    const path = join(dir.path, name);
    const fake = fakes[name];
    if (fake) writeFileSync(path, `#!/bin/bash\n${fake}\n`, { mode: 0o755 });
    else symlinkSync(`/usr/bin/${name}`, path);
  }
  return [dir.path];
}

describe('probeContainment', () => {
  it('finds containment available on this machine, having watched the chain work', async () => {
    const probe = await probeContainment({ refresh: true });
    expect(probe).toMatchObject({
      available: true,
      tools: { setpriv: '/usr/bin/setpriv', unshare: '/usr/bin/unshare', userNamespace: process.getuid?.() !== 0 },
    });
    expect(describeContainment(probe)).toMatch(/^Each command runs in its own PID namespace/);
  });

  it('names a missing tool and how to install it', async () => {
    const probe = await probeContainment({ dirs: [dir.path] });
    expect(probe).toMatchObject({ available: false, missing: 'setpriv' });
    expect(describeContainment(probe)).toContain('apt-get install util-linux');
  });

  it('reports a kernel or sandbox that refuses PID namespaces, with unshare’s own words', async () => {
    const dirs = toolsDir({ unshare: 'echo "unshare: unshare failed: Operation not permitted" >&2; exit 1' });
    const probe = await probeContainment({ dirs });
    expect(probe).toMatchObject({ available: false, missing: 'pid-namespace' });
    expect(describeContainment(probe)).toContain('unshare failed: Operation not permitted');
    expect(describeContainment(probe)).toContain('EXECUTION_CONTAINMENT=process-group');
  });

  it('notices a command that did not get its own PID namespace (the init script refuses to run)', async () => {
    // an "unshare" that drops its options and runs the program in place
    const dirs = toolsDir({ unshare: 'while [[ $1 == -* ]]; do shift; done; exec "$@"' });
    const probe = await probeContainment({ dirs });
    expect(probe).toMatchObject({ available: false, missing: 'pid-namespace' });
    expect(describeContainment(probe)).toContain('not PID 1 of a new PID namespace; refusing to run');
  });

  it('notices a chain whose command outlives its parent (no parent-death signal)', async () => {
    // a "setpriv" that ignores --pdeathsig
    const dirs = toolsDir({ setpriv: 'shift 3; exec "$@"' });
    const probe = await probeContainment({ dirs });
    expect(probe).toMatchObject({ available: false, missing: 'parent-death-signal' });
  });
});

describe('the namespace init script', () => {
  it('refuses to run unless it is PID 1 of a new PID namespace, so its `kill -1` can never reach the host', () => {
    // Run it as PID 2 of a throwaway namespace: were the guard broken, `kill -1` would stay in there.
    const sandbox = ['--pid', '--fork', '--kill-child=SIGKILL', INIT_SHELL, '-c', '"$@"; echo "status $?"', 'sandbox'];
    const init = [INIT_SHELL, '--noprofile', '--norc', '-c', NS_INIT_SCRIPT, NS_INIT_NAME, '0', INIT_SHELL, 'echo ran'];
    const r = spawnSync('/usr/bin/unshare', [...sandbox, ...init], { input: '', encoding: 'utf8' });
    expect(r.stdout).toBe(`status ${NOT_NAMESPACE_INIT_EXIT}\n`);
    expect(r.stderr).toContain('runbook-step-init: not PID 1 of a new PID namespace; refusing to run');
  });
});
