import type { Finding } from '../scanner/scope.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser } from './args.js';
import { caution, finding, type Rule, type RuleTable, safe } from './rule.js';

/** Subcommands that inspect certificates, connections and digests. */
const INSPECT = new Set([
  'x509',
  's_client',
  'verify',
  'crl',
  'ciphers',
  'version',
  'dgst',
  'rand',
  'asn1parse',
  'errstr',
  'list',
  'speed',
  's_time',
  'ocsp',
  'sess_id',
  'crl2pkcs7',
  'pkcs7',
  'nseq',
  'prime',
  'base64',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'help',
  'passwd',
  'storeutl',
  'info',
]);
/** Subcommands that print or create private keys. */
const KEY_MATERIAL = new Set(['genrsa', 'genpkey', 'gendsa', 'dhparam', 'rsa', 'ec', 'pkey', 'pkcs8', 'pkcs12', 'dsa']);

const opensslArgs = argParser({
  valued: [
    '-in',
    '-out',
    '-keyout',
    '-key',
    '-inkey',
    '-config',
    '-connect',
    '-servername',
    '-CAfile',
    '-CApath',
    '-passin',
    '-passout',
    '-days',
    '-subj',
    '-newkey',
    '-extfile',
    '-extensions',
    '-name',
    '-certfile',
    '-signkey',
    '-CA',
    '-CAkey',
    '-set_serial',
    '-reqexts',
    '-addext',
    '-pass',
    '-k',
    '-kfile',
    '-iv',
    '-K',
    '-md',
    '-starttls',
    '-proxy',
    '-cert',
    '-host',
    '-port',
    '-nameopt',
    '-certopt',
    '-sigopt',
    '-pkeyopt',
    '-inform',
    '-outform',
    '-keyform',
    '-CAform',
    '-cipher',
    '-ciphersuites',
    '-curves',
    '-groups',
    '-verify',
    '-verify_return_error',
    '-verify_hostname',
    '-alpn',
    '-sess_out',
    '-sess_in',
  ],
  singleDashLong: true,
});

/** s_client forwards stdin to the server; /dev/null or a terminal sends nothing of note. */
function sendsInput(inv: Parameters<Rule>[0]): boolean {
  const stdin = inv.stdin;
  if (stdin.kind === 'terminal') return false;
  if (stdin.kind === 'file') return stdin.path.value !== '/dev/null';
  if (stdin.kind === 'text') return !/^\s*(Q|QUIT)?\s*$/i.test(stdin.text);
  return true;
}

/**
 * openssl: inspecting certificates and connections is safe; anything that prints a private
 * key or decrypts is a secret read; `-out`/`-keyout` write files.
 */
const openssl: Rule = (inv) => {
  const command = inv.args[0]?.value ?? null;
  const p = opensslArgs.parse(inv.args.slice(1));
  const findings: Finding[] = [];
  for (const out of p.values('-out', '-keyout', '-sess_out')) {
    const w = classifyWrite(out.value, 'overwrite', 'openssl');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: out.value }));
  }
  if (command === null)
    return [...findings, ...caution(inv, 'openssl.dynamic', 'The openssl subcommand is only known at run time.')];
  // `-text` prints the key's private components even with -noout (decision 0027).
  const printsKey =
    KEY_MATERIAL.has(command) &&
    !p.has('-pubout', '-pubin') &&
    ((p.has('-text') && command !== 'dhparam') || (!p.has('-noout') && !p.has('-out')));
  const decrypts =
    (command === 'enc' ||
      /^aes|^des|^chacha/.test(command) ||
      command === 'smime' ||
      command === 'cms' ||
      command === 'pkeyutl' ||
      command === 'rsautl') &&
    p.has('-d', '-decrypt');
  if (printsKey || decrypts) {
    findings.push(
      finding(inv, 'caution', 'secret.key-material', `openssl ${command} prints private key or decrypted material.`),
    );
  } else if (command === 'req') {
    if (p.has('-new', '-newkey', '-x509') && !p.has('-keyout', '-key') && !p.has('-noout')) {
      findings.push(finding(inv, 'caution', 'secret.key-material', 'Generates a private key and prints it.'));
    } else if (findings.length === 0) {
      findings.push(finding(inv, 'safe', 'openssl.inspect', 'Inspects a certificate request.'));
    }
  } else if (command === 's_client' && sendsInput(inv)) {
    findings.push(finding(inv, 'caution', 'openssl.send-input', 'Sends its input to the remote host.'));
  } else if (command === 's_server' || command === 'ca' || command === 'srp') {
    findings.push(finding(inv, 'caution', `openssl.${command}`, `openssl ${command} serves or signs.`));
  } else if (INSPECT.has(command) || KEY_MATERIAL.has(command) || command === 'enc') {
    if (findings.length === 0)
      findings.push(finding(inv, 'safe', 'openssl.inspect', `openssl ${command} only inspects or computes.`));
  } else {
    findings.push(
      finding(inv, 'unknown', 'openssl.unknown-command', `openssl ${command} is not a subcommand the scanner knows.`),
    );
  }
  return findings;
};

export const opensslRules: RuleTable = {
  openssl,
  'ssh-keygen': (inv) => {
    // Split clusters (`-lf`) so each letter is its own flag.
    const flags = inv.args.flatMap((a) =>
      /^-[a-zA-Z]{2,}$/.test(a.value ?? '') ? [...a.value!.slice(1)].map((c) => `-${c}`) : [a.value ?? ''],
    );
    if (flags.some((f) => /^-(l|F|B|y|L)$/.test(f)) && !flags.includes('-f'))
      return safe(inv, 'ssh-keygen.read', 'Shows key fingerprints.');
    if (flags.some((f) => /^-(l|F|B|L)$/.test(f))) return safe(inv, 'ssh-keygen.read', 'Shows key fingerprints.');
    if (flags.includes('-y')) return safe(inv, 'ssh-keygen.read', 'Prints the public half of a key.');
    if (flags.includes('-R')) return caution(inv, 'ssh-keygen.forget-host', 'Removes a host from known_hosts.');
    return caution(inv, 'ssh-keygen.generate', 'Generates or changes keys.');
  },
  'ssh-add': (inv) =>
    inv.args.some((a) => a.value === '-l' || a.value === '-L')
      ? safe(inv, 'ssh-add.list', 'Lists loaded keys.')
      : caution(inv, 'ssh-add.change', 'Loads or removes keys in the SSH agent.'),
  'ssh-copy-id': (inv) => caution(inv, 'ssh-copy-id.install', 'Installs a public key on a remote host.'),
};
