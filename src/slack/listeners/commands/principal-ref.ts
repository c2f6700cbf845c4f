import type { DirectoryPort } from '../../../lib/directory.js';
import { DomainError } from '../../../lib/errors.js';

export interface PrincipalRef {
  principalKind: 'user' | 'usergroup';
  principalId: string;
}

/**
 * A person or a user group as typed in a slash command: a mention (`<@U…|name>`,
 * `<!subteam^S…|@handle>`, which Slack sends with escaping on), a raw id, or a group handle.
 */
export async function parsePrincipalRef(
  text: string,
  tenantId: string,
  directory: Pick<DirectoryPort, 'groupIdForHandle'>,
): Promise<PrincipalRef> {
  const user = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text) ?? /^([UW][A-Z0-9]{2,})$/.exec(text);
  if (user) return { principalKind: 'user', principalId: user[1]! };
  const group = /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text) ?? /^(S[A-Z0-9]{2,})$/.exec(text);
  if (group) return { principalKind: 'usergroup', principalId: group[1]! };
  if (/^@[\w.-]+$/.test(text)) {
    const id = await directory.groupIdForHandle(tenantId, text);
    if (id) return { principalKind: 'usergroup', principalId: id };
    throw new DomainError(
      'invalid_input',
      `No user group has the handle ${text}. Mention a person (@name, which Slack turns into their id) or a user group.`,
    );
  }
  throw new DomainError('invalid_input', `\`${text}\` is neither a person nor a user group.`);
}
