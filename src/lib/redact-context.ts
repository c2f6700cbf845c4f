import {
  hideValue,
  isPlaceholder,
  isRedacted,
  isSecretKey,
  type LineRule,
  REDACTED,
  shouldHide,
  tag,
} from './redact-keys.js';

/**
 * Secrets recognised by what surrounds them: a URL's user info, a header, a command-line
 * flag, a `.netrc` entry, a key name. The key or flag stays visible; only the value goes.
 */

/** A value after a key or flag: a quoted string, or a run of non-separators. */
const VALUE = String.raw`"(?:[^"\\]|\\.){0,4096}"|'[^']{0,4096}'|[^\s"'|;&<>]{1,4096}`;

const keep = (m: string, value: string, redacted: string): string => (isRedacted(value) ? m : redacted);

/** A user name that is a key, not a person or a service account: long hex, or mixed case with digits. */
const looksLikeToken = (user: string): boolean =>
  /^[0-9a-f]{32,}$/.test(user) || (/[A-Z]/.test(user) && /[a-z]/.test(user) && /\d/.test(user));

const URL_RULES: LineRule[] = [
  {
    // scheme://user:pass@host → scheme://user:[REDACTED]@host (database, Redis, AMQP, git URLs …)
    kind: 'url-password',
    hint: /:\/\//,
    apply: (line) =>
      line.replace(
        /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/?#@'"]{0,256}):([^\s/'"]{1,256})@/gi,
        (m, scheme: string, user: string, pass: string) => keep(m, pass, `${scheme}${user}:${REDACTED}@`),
      ),
  },
  {
    // scheme://TOKEN@host: a token used as the user name (Sentry DSNs, git over https)
    kind: 'url-token',
    hint: /:\/\//,
    apply: (line) =>
      line.replace(/\b([a-z][a-z0-9+.-]{0,30}:\/\/)([A-Za-z0-9_-]{16,256})@/gi, (m, scheme: string, user: string) =>
        looksLikeToken(user) ? `${scheme}${REDACTED}@` : m,
      ),
  },
  {
    kind: 'webhook-url',
    hint: /hooks\.slack\.com|discord(?:app)?\.com\/api\/webhooks|webhook\.office\.com/i,
    apply: (line) =>
      line
        .replace(
          /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[A-Za-z0-9/_-]{8,300}/g,
          `$1${tag('slack-webhook')}`,
        )
        .replace(
          /(https:\/\/(?:\w+\.)?discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/)[A-Za-z0-9_-]{20,200}/g,
          `$1${tag('discord-webhook')}`,
        )
        .replace(
          /(https:\/\/[a-z0-9-]{1,100}\.webhook\.office\.com\/webhookb2\/)[^\s"'<>]{10,600}/g,
          `$1${tag('teams-webhook')}`,
        ),
  },
];

const AWS_RULES: LineRule[] = [
  {
    // aws_secret_access_key = …, SecretAccessKey: "…", `aws configure set aws_secret_access_key …`
    kind: 'aws-secret',
    hint: /secret/i,
    apply: (line) =>
      line.replace(
        /\b((?:aws[_.-]?)?secret[_. -]?access[_. -]?key["']?(?:\s{0,5}[:=,]\s{0,5}|\s{1,5})["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
        `$1${tag('aws-secret')}`,
      ),
  },
  {
    // a 40-character secret on the same line as its access key id (CSV exports, tables)
    kind: 'aws-secret',
    hint: /AKIA|ASIA/,
    apply: (line) =>
      /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/.test(line)
        ? line.replace(/(^|[\s,;:="'|])[A-Za-z0-9/+]{40}(?=$|[\s,;"'|])/g, `$1${tag('aws-secret')}`)
        : line,
  },
];

const HEADER_RULES: LineRule[] = [
  {
    // Authorization: Bearer abc / Proxy-Authorization: Basic abc / "authorization": "token abc"
    kind: 'auth-header',
    hint: /authorization/i,
    apply: (line) =>
      line.replace(
        /\b((?:proxy-)?authorization["']?\s{0,5}[:=]\s{0,5}["']?)(?:(bearer|basic|digest|token|negotiate|apikey|sso-key)\s{1,5})?([^\s"',]{1,4096})/gi,
        (m, head: string, scheme: string | undefined, value: string) =>
          isPlaceholder(value) ? m : keep(m, value, `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`),
      ),
  },
  {
    // Cookie: a=1; session=abc / Set-Cookie: session=abc; Path=/ (a session is a credential)
    kind: 'cookie',
    hint: /cookie/i,
    apply: (line) =>
      line.replace(/\b((?:set-)?cookie["']?\s{0,5}:\s{0,5})([^\r\n]{1,8192})/gi, (_m, head: string, rest: string) =>
        head.toLowerCase().startsWith('set-')
          ? `${head}${rest.replace(/^([^=;\s]{1,256}=)([^;\s]{1,4096})/, (c, name: string, v: string) => keep(c, v, `${name}${REDACTED}`))}`
          : `${head}${rest.replace(/(^|;\s{0,5})([^=;\s]{1,256}=)([^;\s"']{1,4096})/g, (c, sep: string, name: string, v: string) => keep(c, v, `${sep}${name}${REDACTED}`))}`,
      ),
  },
  {
    // A bearer token anywhere (curl -v traces, logged headers), once the header rule ran.
    kind: 'bearer',
    hint: /bearer/i,
    apply: (line) => line.replace(/\b(bearer)\s{1,5}[A-Za-z0-9._~+/-]{16,4096}=*/gi, `$1 ${REDACTED}`),
  },
];

/** Where a flag's value should stay: a path, a file reference, another flag. */
const NOT_A_SECRET_VALUE = /^["']?(?:-|\/|\.{1,2}\/|~\/|@|file:|env:)/;

const FLAG_RULES: LineRule[] = [
  {
    // curl -u user:pass / --user user:pass (only on curl/--user lines: -u means other things elsewhere)
    kind: 'curl-user',
    hint: /curl|--user/,
    apply: (line) =>
      line.replace(
        /((?:\s-u\s{0,5}|--user[\s=]{1,5})["']?[^\s:"']{1,256}:)([^\s"']{1,256})/g,
        (m, head: string, pass: string) => keep(m, pass, `${head}${REDACTED}`),
      ),
  },
  {
    // --password=…, --password …, --api-key …, -storepass …, -passin pass:…
    kind: 'flag',
    hint: /-[A-Za-z-]{0,40}(?:pass|pwd|secret|token|key|credential|auth)/i,
    apply: (line) =>
      line.replace(
        new RegExp(
          String.raw`(?<![\w-])(--[A-Za-z][A-Za-z0-9_.-]{1,60}|-[A-Za-z][A-Za-z0-9_]{3,30})(=|[ \t]{1,8})(${VALUE})`,
          'g',
        ),
        (m, flag: string, sep: string, value: string) =>
          isSecretKey(flag) && !isPlaceholder(value) && !isRedacted(value) && !NOT_A_SECRET_VALUE.test(value)
            ? `${flag}${sep}${hideValue(value)}`
            : m,
      ),
  },
  {
    // short flags that take a password in particular tools (mysql -pSECRET, sshpass -p …)
    kind: 'tool-flag',
    hint: /mysql|mariadb|sshpass|redis-cli|login|mongo|ldap|smbclient/,
    apply: redactToolFlags,
  },
  { kind: 'htpasswd', hint: /htpasswd/, apply: redactHtpasswd },
];

interface ToolFlag {
  tool: RegExp;
  flag: RegExp;
}

/** `flag` captures what stays ($1) and the value ($2); it is applied after the tool's name. */
const TOOL_FLAGS: ToolFlag[] = [
  { tool: /\b(?:mysql\w*|mariadb\w*)\b/, flag: new RegExp(String.raw`(\s-p)(${VALUE})`, 'g') },
  { tool: /\bsshpass\b/, flag: new RegExp(String.raw`(\s-p\s{0,5})(${VALUE})`, 'g') },
  { tool: /\bredis-cli\b/, flag: new RegExp(String.raw`(\s-a\s{1,5})(${VALUE})`, 'g') },
  {
    tool: /\b(?:docker|podman|nerdctl|buildah|skopeo|helm|oras)\b[^|;&]*\blogin\b/,
    flag: new RegExp(String.raw`(\s-p\s{1,5})(${VALUE})`, 'g'),
  },
  { tool: /\bmongo\w*\b/, flag: new RegExp(String.raw`(\s-p\s{1,5})(${VALUE})`, 'g') },
  { tool: /\bldap\w+\b/, flag: new RegExp(String.raw`(\s-w\s{0,5})(${VALUE})`, 'g') },
  { tool: /\bsmbclient\b/, flag: /((?:\s-U\s{1,5}|--user=)[^\s%]{1,256}%)(\S{1,256})/g },
];

function redactToolFlags(line: string): string {
  let out = line;
  for (const { tool, flag } of TOOL_FLAGS) {
    const at = tool.exec(out);
    if (!at) continue;
    const from = at.index + at[0].length;
    const rest = out
      .slice(from)
      .replace(flag, (m, head: string, value: string) =>
        value.startsWith('-') || isPlaceholder(value) ? m : keep(m, value, `${head}${hideValue(value)}`),
      );
    out = out.slice(0, from) + rest;
  }
  return out;
}

/** `htpasswd -b[…] file user password` and `htpasswd -nb user password`: the last argument. */
function redactHtpasswd(line: string): string {
  return line.replace(
    /\bhtpasswd((?:\s+-[A-Za-z]+)+)((?:\s+[^\s|;&-][^\s|;&]*){2,3})/g,
    (m, flags: string, args: string) => {
      if (!/b/.test(flags)) return m;
      const last = /(\s+)(\S+)$/.exec(args);
      if (!last || isPlaceholder(last[2]!)) return m;
      return `htpasswd${flags}${args.slice(0, last.index)}${last[1]}${REDACTED}`;
    },
  );
}

/** A whole `.netrc` entry on one line: `machine host login user password secret`. */
const NETRC_ENTRY = /^\s*(?:machine\s+\S+|default)(?:\s+(?:login|password|passwd|account|port)\s+\S+)+\s*$/;

const NETRC_RULES: LineRule[] = [
  {
    // machine host login user password secret (one line), or "  password secret" alone
    kind: 'netrc',
    hint: /passw(?:or)?d|account/,
    apply: (line) => {
      if (/^\s*(?:password|passwd)\s+\S+\s*$/.test(line) || NETRC_ENTRY.test(line)) {
        return line.replace(
          /\b(password|passwd|account)(\s+)([^\s"']\S{0,1023})/g,
          (m, key: string, sp: string, value: string) =>
            isPlaceholder(value) ? m : keep(m, value, `${key}${sp}${REDACTED}`),
        );
      }
      return line;
    },
  },
];

const SECRET_HINT = /pass|pwd|secret|token|key|credential|sig|auth/i;
const LINE_KEY =
  /^(\s{0,64}(?:-\s{1,8}|export\s{1,8})?(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\2\s{0,5}[:=][ \t]{0,40})([^\s"'|>{[&*!#].{0,8191})$/;
const LINE_KEY_COLON =
  /^(\s{0,64}(?:-\s{1,8})?(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\2\s{0,5}:[ \t]{0,40})([^\s"'|>{[&*!#].{0,8191})$/;

const ASSIGNMENT_RULES: LineRule[] = [
  {
    // A secret-named key at the start of a line (env files, YAML, INI): hide the value up to
    // the end of the line, since unquoted YAML/.env values may contain spaces. In a command,
    // `KEY=value rest` is an assignment before a command: only YAML-style `key: …` qualifies.
    kind: 'assignment-line',
    hint: SECRET_HINT,
    apply: (line, mode) =>
      line.replace(
        mode === 'command' ? LINE_KEY_COLON : LINE_KEY,
        (m, head: string, _q: string, key: string, value: string) =>
          shouldHide(key, value.trimEnd()) ? `${head}${REDACTED}${value.slice(value.trimEnd().length)}` : m,
      ),
  },
  {
    // key=value, key: "value", "key": "value", ?key=value&… anywhere in a line.
    kind: 'assignment',
    hint: SECRET_HINT,
    apply: redactAssignments,
  },
];

const ASSIGNMENT =
  /(?<![A-Za-z0-9_.-])(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,80})\1(\s{0,5}[:=]\s{0,5})("(?:[^"\\]|\\.){0,4096}"|'[^']{0,4096}'|[^\s"',;&{}[\]<][^\s"',;&{}[\]]{0,4095}|["'][^\s"']{1,4096})/g;

/**
 * Like `line.replace(ASSIGNMENT, …)`, except that when a key is not secret the scan resumes
 * inside its value: in `url=https://x/?token=abc` the value of `url` holds `token=abc`.
 */
function redactAssignments(line: string): string {
  let out = '';
  let from = 0;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(line); m; m = ASSIGNMENT.exec(line)) {
    const [whole, q = '', key = '', sep = '', value = ''] = m;
    const valueAt = m.index + whole.length - value.length;
    if (shouldHide(key, value)) {
      out += `${line.slice(from, m.index)}${q}${key}${q}${sep}${hideValue(value)}`;
      from = m.index + whole.length;
    } else {
      ASSIGNMENT.lastIndex = valueAt;
    }
  }
  return out + line.slice(from);
}

/** In order: URLs first (their user info), then AWS, headers, flags, .netrc, key names. */
export const CONTEXT_RULES_BEFORE_TOKENS: LineRule[] = [...URL_RULES, ...AWS_RULES];
export const CONTEXT_RULES_AFTER_TOKENS: LineRule[] = [
  ...HEADER_RULES,
  ...FLAG_RULES,
  ...NETRC_RULES,
  ...ASSIGNMENT_RULES,
];
