import { caution, dangerous, type Rule, type RuleTable, safe } from './rule.js';

/**
 * User and group accounts: adding or changing them is caution (it grants or changes access);
 * deleting a user (and with -r, their home) is dangerous.
 */
function operand(inv: Parameters<Rule>[0]): string | null {
  return (
    inv.args
      .filter((a) => a.value === null || !a.value.startsWith('-'))
      .map((a) => a.value ?? a.raw)
      .pop() ?? null
  );
}

/** `passwd -d` empties the password: the account may log in without one (decision 0027). */
const passwd: Rule = (inv) => {
  if (inv.args.some((a) => a.value === '-S' || a.value === '--status'))
    return safe(inv, 'accounts.read', 'Shows password status.');
  if (inv.args.some((a) => a.value === '--delete' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a.value ?? '')))
    return dangerous(inv, 'accounts.password-delete', 'Removes the password: the account may log in without one.', {
      target: operand(inv),
    });
  return caution(inv, 'accounts.password', 'Changes a password or locks an account.', { target: operand(inv) });
};

export const accountRules: RuleTable = {
  useradd: (inv) => caution(inv, 'accounts.add', 'Creates a user account.', { target: operand(inv) }),
  adduser: (inv) => caution(inv, 'accounts.add', 'Creates a user account.', { target: operand(inv) }),
  usermod: (inv) =>
    caution(inv, 'accounts.modify', 'Changes a user account (groups, shell, lock).', { target: operand(inv) }),
  userdel: (inv) =>
    dangerous(inv, 'accounts.delete', 'Deletes a user account (with -r, their home directory).', {
      target: operand(inv),
    }),
  deluser: (inv) => dangerous(inv, 'accounts.delete', 'Deletes a user account.', { target: operand(inv) }),
  groupadd: (inv) => caution(inv, 'accounts.add', 'Creates a group.', { target: operand(inv) }),
  groupmod: (inv) => caution(inv, 'accounts.modify', 'Changes a group.', { target: operand(inv) }),
  groupdel: (inv) => dangerous(inv, 'accounts.delete', 'Deletes a group.', { target: operand(inv) }),
  gpasswd: (inv) => caution(inv, 'accounts.modify', 'Changes group membership or passwords.', { target: operand(inv) }),
  passwd,
  chpasswd: (inv) => caution(inv, 'accounts.password', 'Sets passwords from input.'),
  chage: (inv) =>
    inv.args.some((a) => a.value === '-l' || a.value === '--list')
      ? safe(inv, 'accounts.read', 'Shows password ageing.')
      : caution(inv, 'accounts.modify', 'Changes password ageing.', { target: operand(inv) }),
  visudo: (inv) =>
    inv.args.some((a) => a.value === '-c' || a.value === '--check')
      ? safe(inv, 'accounts.read', 'Checks sudoers syntax.')
      : caution(inv, 'session.editor', 'Edits sudoers interactively.'),
  vipw: (inv) => caution(inv, 'session.editor', 'Edits the password file interactively.'),
  vigr: (inv) => caution(inv, 'session.editor', 'Edits the group file interactively.'),
};
