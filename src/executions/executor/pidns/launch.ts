import { accessSync, constants } from 'node:fs';
import { NS_INIT_NAME, NS_INIT_SCRIPT } from './init-script.js';

/**
 * Where the util-linux tools are looked up. Fixed system directories, not the child's PATH,
 * so a step environment cannot substitute its own `unshare`.
 */
const SYSTEM_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'];

/** Bash for the namespace's init script; the command itself runs in `request.shell`. */
export const INIT_SHELL = '/bin/bash';

export function findExecutable(name: string, dirs: readonly string[] = SYSTEM_DIRS): string | undefined {
  for (const dir of dirs) {
    const path = `${dir}/${name}`;
    if (isExecutable(path)) return path;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface PidnsTools {
  setpriv: string;
  unshare: string;
  /** Not root: a user namespace (mapping the worker's own uid) is needed to create a PID namespace. */
  userNamespace: boolean;
}

export interface PidnsLaunch {
  file: string;
  args: string[];
}

/**
 * The process chain of one contained step:
 *
 *   setpriv --pdeathsig SIGKILL      the worker dies → this process gets SIGKILL
 *   └ unshare --pid --fork --kill-child=SIGKILL   unshare dies → the namespace's init gets SIGKILL
 *     └ bash <init script>  (PID 1 of a new PID namespace)   init dies → kernel kills the namespace
 *       └ <shell> --noprofile --norc -o pipefail -c <command>
 *
 * `setpriv` execs `unshare`, and the parent-death signal survives that exec, so the spawned
 * pid is unshare's. There is no `--mount-proc`: without it `ps`, `top` and `pgrep` still show
 * the host's processes (a private /proc would show only the step's own, which misleads).
 */
export function pidnsLaunch(tools: PidnsTools, shell: string, command: string, graceMs: number): PidnsLaunch {
  return {
    file: tools.setpriv,
    args: [
      '--pdeathsig',
      'SIGKILL',
      '--',
      tools.unshare,
      ...(tools.userNamespace ? ['--map-current-user'] : []),
      '--pid',
      '--fork',
      '--kill-child=SIGKILL',
      INIT_SHELL,
      '--noprofile',
      '--norc',
      '-c',
      NS_INIT_SCRIPT,
      NS_INIT_NAME,
      String(Math.max(0, Math.round(graceMs))),
      shell,
      command,
    ],
  };
}
