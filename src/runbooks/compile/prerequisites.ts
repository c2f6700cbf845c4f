import type { Prerequisite, PrerequisiteKind } from '../types.js';
import { KNOWN_COMMANDS } from './vocabulary.js';

/**
 * What must hold before step 1: network (VPN, bastion), credentials (a profile, a token),
 * tools (psql installed), access (a kube context, SSH, a role).
 */
export function prerequisiteKind(text: string): PrerequisiteKind {
  const t = text.toLowerCase();
  if (/\bvpn\b|\bbastion\b|jump ?(?:host|box)|\btunnel\b|\bnetwork access\b|\bwireguard\b|\bzero ?trust\b/.test(t))
    return 'network';
  if (
    /\bcontext\b|\baccess\b|\bpermissions?\b|\brole\b|\brbac\b|\bsudo\b|\badmin\b|\bssh\b|\blog ?in(?:to)?\b|\blogged in\b|\bsigned in\b|\bmember of\b/.test(
      t,
    )
  ) {
    if (
      /\bprofile\b|\bcredentials?\b|\btoken\b|\bapi key\b|\bkubeconfig\b|\bsso\b|\bpassword\b|\bsecret\b/.test(t) &&
      !/\bcontext\b/.test(t)
    ) {
      return 'credentials';
    }
    return 'access';
  }
  if (
    /\bprofile\b|\bcredentials?\b|\btoken\b|\bapi key\b|\bkubeconfig\b|\bsso\b|\bpassword\b|\bcertificate\b|\bsecret\b/.test(
      t,
    )
  )
    return 'credentials';
  if (/\binstall(?:ed)?\b|\bcli\b|\bbinary\b|\bclient\b|\bversion\b/.test(t) || mentionsTool(t)) return 'tool';
  return 'other';
}

function mentionsTool(text: string): boolean {
  return text
    .split(/[^a-z0-9_.-]+/)
    .some(
      (w) =>
        KNOWN_COMMANDS.has(w) &&
        w.length > 2 &&
        !['find', 'free', 'test', 'time', 'file', 'host', 'make', 'watch', 'read'].includes(w),
    );
}

/**
 * A sentence outside a Prerequisites section that states a precondition: "Make sure you
 * are on the VPN", "You need the prod AWS profile", "Login to the cluster", "Requires psql".
 * Conditional sentences ("If you have SSH access, …") are branches, not preconditions.
 */
export function isPrerequisiteSentence(text: string): boolean {
  const t = text
    .toLowerCase()
    .trim()
    .replace(
      /^(?:before (?:you (?:start|begin)|starting|you run (?:these|the) steps)|first(?:ly)?|to (?:start|begin)),?\s+/,
      '',
    );
  if (/^(?:if|when|in case|unless)\b/.test(t)) return false;
  if (
    /^(?:log ?in|sign ?in|connect)\s+(?:to|into)\s+(?:the\s+)?(?:vpn|cluster|bastion|console|jump ?host|prod\w*|production|aws|gcp|azure)\b/.test(
      t,
    )
  )
    return true;
  if (/\bvpn\b/.test(t) && /\b(?:be|are|is|stay|connect(?:ed)?|on|via|through)\b/.test(t)) return true;
  const framed =
    /^(?:make sure|ensure|verify|check|confirm)\s+(?:that\s+)?(?:you|your)\b|^(?:you|one)\s+(?:need|needs|must|should|will need)\b|\brequires?\b|^(?:needs?|requirements?|prerequisites?)\b|^(?:have|get)\s+(?:the\s+)?(?:access|credentials|permissions?)\b/.test(
      t,
    );
  if (!framed) return false;
  return /\bvpn\b|\bbastion\b|jump ?host|\bprofile\b|\bcredentials?\b|\bkubeconfig\b|\bcontext\b|\baccess\b|\bpermissions?\b|\brole\b|\binstalled\b|\blogged in\b|\bsso\b|\btoken\b/.test(
    t,
  );
}

/** The same precondition said twice (a section and a sentence, or both compilers) counts once. */
export function dedupePrerequisites(prerequisites: Prerequisite[]): Prerequisite[] {
  const seen = new Set<string>();
  return prerequisites.filter((p) => {
    const key = p.text.trim().toLowerCase();
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
