import type { ClassifyCommand } from '../../../src/runbooks/types.js';

/**
 * A stand-in for the classifier's scanner, so these tests do not depend on its rules:
 * deletes are dangerous, scaling and restarts need care, reads are safe, the rest unknown.
 */
export const fakeClassify: ClassifyCommand = (command) => {
  if (/\b(?:delete|drain|UNLINK|pg_terminate_backend)\b/.test(command)) {
    return { level: 'dangerous', deciding: { message: 'Deletes something that is not easily brought back.' } };
  }
  if (
    /\b(?:scale|restart|rollout undo|CONFIG SET|cordon|set resources|renew|apply|modify-volume|resize2fs|vacuum|rmi)\b/.test(
      command,
    )
  ) {
    return { level: 'caution', deciding: { message: 'Changes the running system.' } };
  }
  if (
    /\b(?:get|describe|logs|top|history|status|df|du|lsof|INFO|SELECT|SHOW|openssl|curl|rabbitmqctl|journalctl|--bigkeys)\b/.test(
      command,
    )
  ) {
    return { level: 'safe', deciding: { message: 'Only reads.' } };
  }
  return { level: 'unknown', reasons: [{ message: 'No rule knows this command.' }] };
};
