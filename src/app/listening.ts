import { DomainError } from '../lib/errors.js';

/**
 * Starts a server and turns "port already in use" into one sentence the operator can act
 * on (which server, which port, which variable), instead of a raw EADDRINUSE stack.
 */
export async function listening<T>(
  what: string,
  variable: string,
  at: { host: string; port: number },
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as { code?: string } | null)?.code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    const problem = code === 'EADDRINUSE' ? 'is already in use' : 'may not be opened by this user';
    throw new DomainError(
      'config_invalid',
      `Port ${at.port} on ${at.host} ${problem}, so the ${what} cannot start. ` +
        `Stop what listens there (\`lsof -i :${at.port}\` names it), or set ${variable} to a free port.`,
      { variable, host: at.host, port: at.port },
      { cause: error },
    );
  }
}
