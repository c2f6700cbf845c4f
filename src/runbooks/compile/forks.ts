/**
 * Words that open one of several ways to do something, which the engineer picks between
 * instead of running them all: "Alternatively, …", "Or, …", "Option A: …", "For OpenShift
 * 4.13 and earlier: …", "On AWS, …", and headings such as "### For 4.14 and later" or
 * "### If the pod is Pending".
 */
export type ForkKind = 'alternative' | 'option' | 'version' | 'platform' | 'case';

export interface ForkMarker {
  kind: ForkKind;
  /** What the option is, in the author's words ("OpenShift 4.13 and earlier"). */
  label: string;
}

const ALTERNATIVE =
  /^(?:alternatively|as an alternative|another (?:option|way) is(?: to)?|instead|or(?: else)?)\b[\s,:;-]*/i;
const OPTION =
  /^((?:option|method|approach|solution|workaround|alternative|strategy|way|scenario|case|procedure)\s+(?:[A-Z]|\d+|one|two|three|four)\b)\s*[:.)—–-]?\s*/i;
// "If you are on 4.14, …" is a condition (a yes/no branch), not a fork marker.
const LEAD = /^(?:for|on|in|with)\s+/i;
const VERSION =
  /\bv?\d+\.\d+(?:\.\d+)?\b|\bversions?\b|\breleases?\b|\b(?:and|or) (?:earlier|later|newer|older|above|below|before|after)\b/i;
const PLATFORM =
  /\b(?:aws|azure|gcp|google cloud|vsphere|bare[- ]?metal|openstack|ibm cloud|nutanix|ovirt|rhv|ovn[- ]kubernetes|openshift[- ]sdn|single[- ]node|sno|hypershift|hosted control planes|rosa|aro|rhel|rhcos|ipi|upi|disconnected|fips|arm64|x86_64|s390x|ppc64le)\b/i;

/** A fork marker at the start of a sentence, paragraph or list item. */
export function forkMarker(text: string): ForkMarker | null {
  const trimmed = text.trim().replace(/^\*+|\*+$/g, '');
  const alternative = ALTERNATIVE.exec(trimmed);
  if (alternative && trimmed.length > alternative[0].length) {
    return { kind: 'alternative', label: clean(trimmed.slice(alternative[0].length)) };
  }
  const option = OPTION.exec(trimmed);
  if (option?.[1]) {
    const rest = clean(trimmed.slice(option[0].length));
    return { kind: 'option', label: rest ? `${option[1]}: ${rest}` : option[1] };
  }
  return versionOrPlatform(trimmed, /[,:]/);
}

/** A heading that names one option among its siblings. */
export function headingForkMarker(text: string): ForkMarker | null {
  const option = OPTION.exec(text.trim());
  if (option) return forkMarker(text);
  const condition = /^(?:if|when|in case)\s+(.+)$/i.exec(text.trim());
  if (condition?.[1]) return { kind: 'case', label: clean(text) };
  const alternative = /^(?:alternatively|alternative|or)\b[\s,:-]*(.*)$/i.exec(text.trim());
  if (alternative) return { kind: 'alternative', label: clean(alternative[1] || text) };
  return versionOrPlatform(text.trim(), /[,:]|$/);
}

function versionOrPlatform(text: string, end: RegExp): ForkMarker | null {
  const lead = LEAD.exec(text);
  if (!lead) return null;
  const rest = text.slice(lead[0].length);
  const stop = rest.search(end);
  const clause = (stop < 0 ? rest : rest.slice(0, stop)).trim();
  if (clause === '' || clause.split(/\s+/).length > 14) return null;
  if (VERSION.test(clause)) return { kind: 'version', label: clean(clause) };
  if (PLATFORM.test(clause)) return { kind: 'platform', label: clean(clause) };
  return null;
}

/** "Then …", "Next, …", "After that …": the same option goes on. */
export function continuesOption(text: string): boolean {
  return /^(?:then|next|after that|afterwards|once (?:it|that|this) (?:is|has)|when (?:it|that) is done|finally)\b/i.test(
    text.trim(),
  );
}

function clean(text: string): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .replace(/[\s:.,;]+$/, '')
    .trim();
  const capital = flat.charAt(0).toUpperCase() + flat.slice(1);
  return capital.length > 100 ? `${capital.slice(0, 99).trimEnd()}…` : capital;
}
