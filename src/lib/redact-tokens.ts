import { type LineRule, tag } from './redact-keys.js';

/**
 * Credentials recognisable by their own shape: a vendor prefix and a body of known length and
 * alphabet. They are caught anywhere on a line, with or without a key name. Every pattern is
 * anchored on a literal prefix (the `hint`) and uses bounded quantifiers only.
 */
interface TokenShape {
  kind: string;
  hint: RegExp;
  pattern: RegExp;
}

const SHAPES: TokenShape[] = [
  // cloud
  { kind: 'aws-key-id', hint: /AKIA|ASIA/, pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: 'google-api-key', hint: /AIza/, pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g },
  { kind: 'google-oauth-secret', hint: /GOCSPX-/, pattern: /\bGOCSPX-[A-Za-z0-9_-]{24,40}/g },
  { kind: 'google-access-token', hint: /ya29\./, pattern: /\bya29\.[A-Za-z0-9_-]{20,2048}/g },
  {
    kind: 'azure-client-secret',
    hint: /\dQ~/,
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
  },
  { kind: 'digitalocean-token', hint: /do[opr]_v1_/, pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { kind: 'heroku-token', hint: /HRKU-/, pattern: /\bHRKU-[A-Za-z0-9_-]{20,300}/g },
  { kind: 'terraform-token', hint: /\.atlasv1\./, pattern: /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,300}/g },
  {
    kind: 'vault-token',
    hint: /hv[sbr]\.|\bs\./,
    pattern: /\b(?:hv[sbr]\.[A-Za-z0-9_-]{24,512}|s\.[A-Za-z0-9]{24}\b)/g,
  },
  // forges
  {
    kind: 'github-token',
    hint: /gh[pousr]_|github_pat_/,
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{20,255})\b/g,
  },
  {
    kind: 'gitlab-token',
    hint: /gl[a-z]{2,6}-|GR1348941/,
    pattern:
      /\b(?:gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|soat|cbt|ffct)-[A-Za-z0-9_-]{20,255}|GR1348941[A-Za-z0-9_-]{20,64})/g,
  },
  {
    kind: 'atlassian-token',
    hint: /ATATT|ATBB|ATCTT/,
    pattern: /\b(?:ATATT|ATCTT)[A-Za-z0-9_=-]{30,400}|\bATBB[A-Za-z0-9]{24,64}/g,
  },
  // chat
  {
    kind: 'slack-token',
    hint: /xox|xapp/,
    pattern: /\b(?:xox[abposre](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]{8,255}/g,
  },
  { kind: 'telegram-bot-token', hint: /:AA/, pattern: /(?<!\d)\d{8,10}:AA[A-Za-z0-9_-]{32,33}(?![A-Za-z0-9_-])/g },
  // payments
  { kind: 'stripe-key', hint: /k_live_|k_test_/, pattern: /\b[rsp]k_(?:live|test)_[A-Za-z0-9]{16,255}/g },
  { kind: 'webhook-signing-secret', hint: /whsec_/, pattern: /\bwhsec_[A-Za-z0-9+/=]{24,100}/g },
  {
    kind: 'braintree-token',
    hint: /access_token\$/,
    pattern: /\baccess_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}/g,
  },
  {
    kind: 'square-token',
    hint: /sq0|EAAA/,
    pattern: /\b(?:sq0(?:atp|csp|idp)-[A-Za-z0-9_-]{22,64}|EAAA[A-Za-z0-9_-]{56,64})(?![A-Za-z0-9_-])/g,
  },
  { kind: 'shopify-token', hint: /shp(?:at|ss|ca|pa)_/, pattern: /\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/g },
  // package registries
  { kind: 'npm-token', hint: /npm_/, pattern: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'pypi-token', hint: /pypi-/, pattern: /\bpypi-AgE[A-Za-z0-9_-]{50,1000}/g },
  { kind: 'rubygems-key', hint: /rubygems_/, pattern: /\brubygems_[a-f0-9]{48}\b/g },
  { kind: 'nuget-key', hint: /oy2/, pattern: /\boy2[a-z0-9]{43}\b/g },
  { kind: 'docker-token', hint: /dckr_/, pattern: /\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{20,100}/g },
  // email, SMS, SaaS
  { kind: 'sendgrid-key', hint: /SG\./, pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g },
  { kind: 'mailgun-key', hint: /key-/, pattern: /\bkey-[0-9a-f]{32}\b/g },
  { kind: 'twilio-key', hint: /SK/, pattern: /\bSK[0-9a-f]{32}\b/g },
  {
    kind: 'newrelic-key',
    hint: /NR|NRAL/,
    pattern: /\bNR(?:AK|AA|II|IQ|JS|RA|RI|RS)-[A-Z0-9]{27}\b|\b[0-9a-f]{36}NRAL\b/g,
  },
  { kind: 'sentry-token', hint: /sntry[su]_/, pattern: /\bsntry[su]_[A-Za-z0-9_=+/-]{40,400}/g },
  { kind: 'api-key', hint: /sk-/, pattern: /\bsk-[A-Za-z0-9_-]{20,400}/g },
  { kind: 'huggingface-token', hint: /hf_/, pattern: /\bhf_[A-Za-z]{34}\b/g },
  {
    kind: 'grafana-token',
    hint: /gl(?:sa|c)_/,
    pattern: /\b(?:glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|glc_[A-Za-z0-9+/=_-]{32,400})/g,
  },
  { kind: 'linear-key', hint: /lin_api_/, pattern: /\blin_api_[A-Za-z0-9]{40}\b/g },
  { kind: 'postman-key', hint: /PMAK-/, pattern: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/g },
  { kind: 'mapbox-token', hint: /[sp]k\.eyJ/, pattern: /\bsk\.eyJ[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{10,100}/g },
  { kind: 'age-key', hint: /AGE-SECRET-KEY-/, pattern: /\bAGE-SECRET-KEY-1[A-Z0-9]{58}\b/g },
  // header.payload.signature, base64url; the classes exclude '.', so matching is linear
  {
    kind: 'jwt',
    hint: /eyJ/,
    pattern: /\beyJ[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,8192}/g,
  },
];

export const TOKEN_RULES: LineRule[] = SHAPES.map(({ kind, hint, pattern }) => ({
  kind,
  hint,
  apply: (line) => line.replace(pattern, tag(kind)),
}));

/**
 * Literal starts of the shapes whose token may have no capital letter. With CONTEXT_WORDS and
 * the capital-letter run check (redact-rules.ts), they decide quickly that a line holds
 * nothing to look at; keep this list in step with SHAPES.
 */
export const LOWERCASE_TOKEN_PREFIXES =
  /ya29\.|do[opr]_v1_|hv[sbr]\.|\bs\.|gh[pousr]_|github_pat_|gl[a-z]{2,6}-|xox|xapp|[rsp]k_(?:live|test)_|whsec_|access_token\$|sq0|shp(?:at|ss|ca|pa)_|npm_|pypi-|rubygems_|oy2|dckr_|key-|sntry[su]_|sk-|sk\.|hf_|gl(?:sa|c)_|lin_api_/;
