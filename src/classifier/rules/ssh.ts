import type { Finding } from '../scanner/scope.js';
import { displayOf } from '../scanner/word.js';
import { classifyRemoteWrite, classifyWrite } from '../scanner/write-target.js';
import { argParser } from './args.js';
import { scanScriptWords, scanStdinScript } from './common.js';
import { caution, finding, type Rule, type RuleTable, safe } from './rule.js';

const sshArgs = argParser({
  valued: [
    '-B',
    '-b',
    '-c',
    '-D',
    '-E',
    '-e',
    '-F',
    '-I',
    '-i',
    '-J',
    '-L',
    '-l',
    '-m',
    '-O',
    '-o',
    '-p',
    '-Q',
    '-R',
    '-S',
    '-W',
    '-w',
  ],
  stopAtPositional: true,
});

/**
 * ssh host '<script>': the remote command is shell text run on the host, scanned like any
 * other script. Without one, ssh opens an interactive session (or runs its stdin).
 */
const ssh: Rule = (inv, ctx) => {
  const first = sshArgs.parse(inv.args);
  const [host, ...afterHost] = first.rest;
  // OpenSSH keeps reading options after the destination (`ssh host -N -L …`).
  const p = host ? sshArgs.parse([...inv.args.slice(0, inv.args.length - first.rest.length), ...afterHost]) : first;
  const command = host ? p.rest : [];
  if (p.has('-G', '-V', '-Q')) return safe(inv, 'ssh.info', 'Prints configuration or version only.');
  const target = host ? displayOf(host) : null;
  const findings: Finding[] = [];
  if (p.has('-L', '-R', '-D', '-W', '-w')) {
    findings.push(
      finding(inv, 'caution', 'ssh.tunnel', `Opens a network tunnel through ${target ?? 'a host'}.`, { target }),
    );
  }
  if (p.has('-O')) findings.push(finding(inv, 'caution', 'ssh.control', 'Controls a shared connection.', { target }));
  findings.push(
    ...localCommands(
      inv,
      ctx,
      p.values('-o').map((o) => o.value),
    ),
  );
  // The remote command reads this command's stdin: `ssh host 'bash -s' <<EOF` runs the heredoc.
  if (command.length > 0) return [...findings, ...scanScriptWords(inv, ctx, command, 'ssh', inv.stdin)];
  if (p.has('-N') || findings.length > 0)
    return findings.length > 0 ? findings : caution(inv, 'ssh.tunnel', 'Holds a connection open.', { target });
  return scanStdinScript(inv, ctx, 'ssh', () =>
    caution(
      inv,
      'session.interactive',
      `Opens an interactive shell on ${target ?? 'a remote host'}; what is typed next is not reviewed here.`,
      { target },
    ),
  );
};

/**
 * `-o ProxyCommand=…`/`LocalCommand=…` run on this machine, `RemoteCommand=…` on the host:
 * scan them like any script.
 */
export function localCommands(
  inv: Parameters<Rule>[0],
  ctx: Parameters<Rule>[1],
  options: ReadonlyArray<string | null>,
): Finding[] {
  const out: Finding[] = [];
  for (const option of options) {
    if (option === null) {
      out.push(finding(inv, 'unknown', 'ssh.dynamic-option', 'An ssh option is only known at run time.'));
      continue;
    }
    const m = /^(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*[= ]\s*(.*)$/is.exec(option);
    if (m)
      out.push(
        ...ctx.scanScript({ text: m[2]!.replace(/%[hprnuCdLlT%]/g, 'x'), offsetBase: null, fallbackSpan: inv.span }),
      );
  }
  return out;
}

const scpArgs = argParser({ valued: ['-c', '-F', '-i', '-J', '-l', '-o', '-P', '-S', '-X'] });

const scp: Rule = (inv, ctx) => {
  const p = scpArgs.parse(inv.args);
  const local = localCommands(
    inv,
    ctx,
    p.values('-o').map((o) => o.value),
  );
  if (local.length > 0) return [...local, ...caution(inv, 'scp.copy', 'Copies files.')];
  const files = [...p.positionals, ...p.rest];
  const destination = files[files.length - 1];
  if (destination?.value && !destination.value.includes(':')) {
    const w = classifyWrite(destination.value, 'overwrite', 'scp');
    if (w) return [finding(inv, w.level, w.ruleId, w.message, { target: destination.value })];
  }
  const remote = destination && files.length > 1 ? classifyRemoteWrite(displayOf(destination), 'scp') : null;
  if (remote) return [finding(inv, remote.level, remote.ruleId, remote.message, { target: displayOf(destination!) })];
  return caution(
    inv,
    'scp.copy',
    `Copies files to ${destination ? displayOf(destination) : 'a host'}, overwriting what is there.`,
    {
      target: destination ? displayOf(destination) : null,
    },
  );
};

export const sshRules: RuleTable = {
  ssh,
  scp,
  sftp: (inv) =>
    inv.args.some((a) => a.value === '-b')
      ? [finding(inv, 'unknown', 'sftp.batch', 'Runs sftp commands from a file whose content is unseen.')]
      : caution(inv, 'session.interactive', 'Opens an interactive file transfer session.'),
  mosh: (inv) => caution(inv, 'session.interactive', 'Opens an interactive remote shell.'),
};
