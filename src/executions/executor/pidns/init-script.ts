/**
 * The first process (PID 1) of a step's PID namespace, a short bash script.
 *
 * It refuses to do anything unless it really is PID 1 of a new namespace: `kill -1` means
 * "every process in my namespace", and outside one that is every process on the machine
 * (a root worker would SIGTERM the host). The check is the first line, before any trap.
 *
 * Its job:
 *
 * - run the approved command as `<shell> --noprofile --norc -o pipefail -c <command>`, with
 *   stdin at /dev/null, and exit with the command's status;
 * - forward SIGTERM to every process in the namespace (`kill -TERM -1`), `setsid` and double
 *   forks included. The kernel ignores signals to a namespace's PID 1 unless it handles
 *   them, hence the trap;
 * - when the command exits but left processes behind, SIGTERM them and wait up to the grace
 *   period. Then exit: when PID 1 exits, the kernel SIGKILLs whatever is left in the
 *   namespace, and waits for it, before the worker sees the step end;
 * - refuse to start when the worker is already gone. fd 0 is a pipe the worker never writes
 *   to. It reads as EOF once the worker has died. That closes the small window in which the
 *   worker dies after spawning but before `setpriv` armed the parent-death signal.
 *
 * `kill -0 -1` asks "is anyone else alive in this namespace?". Orphans re-parent to this
 * PID 1, and an exited orphan is a zombie until bash reaps it, which it does whenever it
 * waits for a command it forked; hence the external `/bin/sleep` between checks (a builtin
 * pause such as `read -t` left a zombie in place, and the check waited out the grace).
 *
 * Arguments: $1 grace period in ms, $2 shell, $3 command. Exit 125 means the worker was gone,
 * 126 that the script was not PID 1 of a new PID namespace.
 */
export const NS_INIT_SCRIPT = `if [ "$$" != 1 ]; then echo "runbook-step-init: not PID 1 of a new PID namespace; refusing to run" >&2; exit 126; fi
exec 4<&0 </dev/null
if read -t 0 -u 4; then exit 125; fi
trap 'kill -TERM -1 2>/dev/null' TERM
"$2" --noprofile --norc -o pipefail -c "$3" 4<&- &
cmd=$!
while :; do wait "$cmd"; st=$?; kill -0 "$cmd" 2>/dev/null || break; done
if kill -0 -1 2>/dev/null; then
  kill -TERM -1 2>/dev/null
  ticks=$(( $1 / 20 ))
  while (( ticks-- > 0 )) && kill -0 -1 2>/dev/null; do /bin/sleep 0.02; done
fi
exit "$st"`;

/** argv[0] of the init script, so `ps` shows what the process is. */
export const NS_INIT_NAME = 'runbook-step-init';

/** Exit status of the init script when it found the worker already dead. */
export const WORKER_GONE_EXIT = 125;

/** Exit status of the init script when it is not PID 1 of a new PID namespace. */
export const NOT_NAMESPACE_INIT_EXIT = 126;
