import type { Invocation } from '../scanner/invocation.js';
import { isSecretFile } from '../scanner/paths.js';
import type { Finding } from '../scanner/scope.js';
import { classifyWrite } from '../scanner/write-target.js';
import { argParser, type ParsedArgs } from './args.js';
import { asksForHelp, helpFinding } from './common.js';
import { destructiveEndpoint, isReadOnlyPost } from './http-endpoints.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown } from './rule.js';

/** Instance metadata endpoints that hand out credentials. */
const CREDENTIAL_URLS = [
  /169\.254\.169\.254\/.*(security-credentials|identity-credentials|api\/token)/,
  /metadata\.google\.internal\/.*\/(token|identity)/,
  /169\.254\.169\.254\/metadata\/identity\/oauth2\/token/,
  /\/computeMetadata\/v1\/instance\/service-accounts\/.*\/token/,
];
/** Vault's HTTP API outside `sys/`: reading it is `vault read`, a secret read (decision 0027). */
const VAULT_SECRET_URL = /^(https?:\/\/)?[^/]*(vault[^/]*|:8200)\/v1\/(?!sys\/)/i;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * HTTP requests (decisions 0009, 0023): GET/HEAD/OPTIONS read; POST/PUT/PATCH and uploads are
 * caution, except POSTs to known search and query endpoints, which read; DELETE is dangerous
 * on any URL; endpoints that destroy data (index close, delete-by-query, TSDB deletion,
 * flush/purge/drop paths) are dangerous whatever the method; credential endpoints are secret
 * reads; downloading to a file is a write.
 */
function httpVerdict(
  inv: Invocation,
  method: string,
  url: string | null,
  family: string,
  bodyFromFile = false,
): Finding[] {
  const target = url;
  if (url && CREDENTIAL_URLS.some((re) => re.test(url))) {
    return [
      finding(
        inv,
        'caution',
        'secret.cloud-metadata',
        'Fetches instance credentials from the metadata service into the channel.',
        { target },
      ),
    ];
  }
  if (url && READ_METHODS.has(method) && VAULT_SECRET_URL.test(url)) {
    return [finding(inv, 'caution', 'secret.vault-http', 'Reads a Vault path over HTTP into the channel.', { target })];
  }
  if (url?.startsWith('file://') && isSecretFile(url.slice(7))) {
    return [finding(inv, 'caution', 'secret.file', `Reads the credential file ${url.slice(7)}.`, { target })];
  }
  const scheme = url === null ? 'http' : (/^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase() ?? 'http');
  if (!['http', 'https', 'file', 'ftp', 'ftps'].includes(scheme)) {
    return caution(inv, 'http.other-protocol', `Speaks ${scheme}://, which can send data or commands to the server.`, {
      target,
    });
  }
  const destroys = url === null ? null : destructiveEndpoint(method, url);
  if (destroys) return [finding(inv, destroys.level, destroys.ruleId, destroys.message, { target })];
  if (method === '?')
    return unknown(inv, 'http.dynamic-method', 'The HTTP method is only known at run time.', { target });
  if (READ_METHODS.has(method)) {
    // A body read from a file is sent whatever the method (`curl -XGET -d @/etc/shadow`, decision 0027).
    return bodyFromFile
      ? caution(inv, 'http.file-body', 'Sends the content of a local file to the server.', { target })
      : safe(inv, `${family}.get`, `Sends a ${method} request; reads only.`, { target });
  }
  if (method === 'DELETE') {
    return dangerous(inv, 'http.delete', 'Sends a DELETE request: what the URL names is deleted.', { target });
  }
  // A query endpoint only reads, but a body read from a file could be any local file sent off the host.
  if (method === 'POST' && url !== null && !bodyFromFile && isReadOnlyPost(url)) {
    return safe(inv, `${family}.query`, 'Sends a query to a search or query endpoint, which only reads.', { target });
  }
  return caution(inv, 'http.write', `Sends a ${method} request that can change state on the server.`, { target });
}

/** Every URL a request goes to: curl and HTTPie take several, each is judged. */
function eachUrl(
  inv: Invocation,
  method: string,
  urls: readonly (string | null)[],
  family: string,
  bodyFromFile: boolean,
): Finding[] {
  const list = urls.length > 0 ? urls : [null];
  return list.flatMap((url) => httpVerdict(inv, method, url, family, bodyFromFile));
}

/** A request body taken from a file (`-d @file`, `-F f=@file`, `-T file`) or known only at run time. */
function curlBodyFromFile(p: ParsedArgs): boolean {
  return (
    p.has('-T', '--upload-file') ||
    p.values(...CURL_DATA).some((v) => v.value === null || v.value.startsWith('@') || /^[^=]*=[@<]/.test(v.value)) ||
    p.values('--data-urlencode').some((v) => v.value === null || /^[^=]*@/.test(v.value))
  );
}

const CURL_VALUED = [
  '-A',
  '-b',
  '-c',
  '-C',
  '-d',
  '-D',
  '-e',
  '-E',
  '-F',
  '-H',
  '-K',
  '-m',
  '-o',
  '-P',
  '-Q',
  '-r',
  '-T',
  '-t',
  '-u',
  '-U',
  '-w',
  '-x',
  '-X',
  '-y',
  '-Y',
  '-z',
  '--abstract-unix-socket',
  '--alt-svc',
  '--aws-sigv4',
  '--cacert',
  '--capath',
  '--cert',
  '--cert-type',
  '--ciphers',
  '--config',
  '--connect-timeout',
  '--connect-to',
  '--continue-at',
  '--cookie',
  '--cookie-jar',
  '--crlfile',
  '--curves',
  '--data',
  '--data-ascii',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '--dns-interface',
  '--dns-servers',
  '--doh-url',
  '--dump-header',
  '--etag-compare',
  '--etag-save',
  '--form',
  '--form-string',
  '--header',
  '--hsts',
  '--interface',
  '--json',
  '--keepalive-time',
  '--key',
  '--key-type',
  '--libcurl',
  '--limit-rate',
  '--local-port',
  '--max-filesize',
  '--max-redirs',
  '--max-time',
  '--netrc-file',
  '--noproxy',
  '--oauth2-bearer',
  '--output',
  '--output-dir',
  '--pass',
  '--pinnedpubkey',
  '--proto',
  '--proto-default',
  '--proto-redir',
  '--proxy',
  '--proxy-user',
  '--proxy-header',
  '--quote',
  '--range',
  '--rate',
  '--referer',
  '--request',
  '--request-target',
  '--resolve',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--socks5',
  '--socks5-hostname',
  '--speed-limit',
  '--speed-time',
  '--stderr',
  '--time-cond',
  '--tls-max',
  '--trace',
  '--trace-ascii',
  '--unix-socket',
  '--upload-file',
  '--url',
  '--url-query',
  '--user',
  '--user-agent',
  '--write-out',
  '--variable',
  '--expect100-timeout',
  '--happy-eyeballs-timeout-ms',
  '--parallel-max',
];
const curlArgs = argParser({ valued: CURL_VALUED });
const CURL_DATA = [
  '-d',
  '--data',
  '--data-ascii',
  '--data-binary',
  '--data-raw',
  '--data-urlencode',
  '--json',
  '-F',
  '--form',
  '--form-string',
];

function curlMethod(p: ParsedArgs): string {
  const explicit = p.get('-X', '--request');
  if (explicit) return explicit.value === null ? '?' : explicit.value.toUpperCase();
  if (p.has('-I', '--head')) return 'HEAD';
  if (p.has('-T', '--upload-file')) return 'PUT';
  if (p.has(...CURL_DATA)) return p.has('-G', '--get') ? 'GET' : 'POST';
  return 'GET';
}

const curl: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h', '-V'])) return helpFinding(inv, 'curl');
  const p = curlArgs.parse(inv.args);
  if (p.has('-K', '--config'))
    return unknown(inv, 'curl.config-file', 'Reads further options from a file whose content is unseen.');
  const urls = [...p.values('--url').map((o) => o.value ?? o.word.raw), ...p.positionals.map((w) => w.value ?? w.raw)];
  const url = urls[0] ?? null;
  const findings = eachUrl(inv, curlMethod(p), urls, 'curl', curlBodyFromFile(p));
  for (const opt of p.values(
    '-o',
    '--output',
    '-D',
    '--dump-header',
    '-c',
    '--cookie-jar',
    '--trace',
    '--trace-ascii',
    '--libcurl',
    '--etag-save',
  )) {
    const w = classifyWrite(opt.value, 'overwrite', 'curl');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: opt.value }));
  }
  // `-w '%output{file}…'` writes the write-out text to a file (curl 8.3).
  for (const opt of p.values('-w', '--write-out')) {
    for (const m of (opt.value ?? '').matchAll(/%output\{(>>)?([^}]*)\}/g)) {
      const w = classifyWrite(m[2]!, m[1] ? 'append' : 'overwrite', 'curl');
      if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: m[2]! }));
    }
  }
  if (p.has('-O', '--remote-name', '--remote-name-all', '-J', '--output-dir')) {
    findings.push(finding(inv, 'caution', 'curl.download', 'Saves the download to a file.', { target: url }));
  }
  return findings;
};

const WGET_VALUED = [
  '-O',
  '-o',
  '-a',
  '-P',
  '-i',
  '-t',
  '-T',
  '-w',
  '-Q',
  '-U',
  '-e',
  '-B',
  '-l',
  '-A',
  '-R',
  '-D',
  '-I',
  '-X',
  '--output-document',
  '--output-file',
  '--append-output',
  '--directory-prefix',
  '--input-file',
  '--tries',
  '--timeout',
  '--wait',
  '--quota',
  '--user-agent',
  '--execute',
  '--base',
  '--level',
  '--accept',
  '--reject',
  '--domains',
  '--include-directories',
  '--exclude-directories',
  '--user',
  '--password',
  '--http-user',
  '--http-password',
  '--header',
  '--post-data',
  '--post-file',
  '--body-data',
  '--body-file',
  '--method',
  '--load-cookies',
  '--save-cookies',
  '--ca-certificate',
  '--certificate',
  '--private-key',
];
const wgetArgs = argParser({ valued: WGET_VALUED });

const wget: Rule = (inv) => {
  if (asksForHelp(inv.args, ['-h', '-V'])) return helpFinding(inv, 'wget');
  const p = wgetArgs.parse(inv.args);
  const urls = p.positionals.map((w) => w.value ?? w.raw);
  const url = urls[0] ?? null;
  const explicit = p.get('--method');
  const method = explicit
    ? (explicit.value?.toUpperCase() ?? '?')
    : p.has('--post-data', '--post-file', '--body-data', '--body-file')
      ? 'POST'
      : 'GET';
  const findings = eachUrl(inv, method, urls, 'wget', p.has('--post-file', '--body-file'));
  if (p.has('--spider')) return findings;
  const out = p.get('-O', '--output-document');
  if (out) {
    const w = classifyWrite(out.value, 'overwrite', 'wget');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: out.value }));
  } else {
    findings.push(
      finding(inv, 'caution', 'wget.download', 'Saves the download to a file in the working directory.', {
        target: url,
      }),
    );
  }
  for (const log of p.values('-o', '--output-file', '-a', '--append-output')) {
    const w = classifyWrite(log.value, 'append', 'wget');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: log.value }));
  }
  return findings;
};

/** HTTPie: `http [METHOD] URL [items]`; data items (`a=b`, `a:=1`, `@file`) imply POST. */
const httpie: Rule = (inv) => {
  const p = argParser({
    valued: [
      '-a',
      '--auth',
      '-o',
      '--output',
      '--verify',
      '--cert',
      '--cert-key',
      '--session',
      '--timeout',
      '-A',
      '--auth-type',
      '-p',
      '--print',
    ],
  }).parse(inv.args);
  const words = p.positionals.map((w) => w.value ?? '');
  const hasMethod = /^[A-Z]+$/.test(words[0] ?? '');
  const url = (hasMethod ? words[1] : words[0]) ?? null;
  const items = words.slice(hasMethod ? 2 : 1);
  const method = hasMethod ? words[0]! : items.some((i) => /[^:]=|:=|@/.test(i)) ? 'POST' : 'GET';
  const findings = httpVerdict(
    inv,
    method,
    url,
    'http',
    items.some((i) => i.includes('@')),
  );
  const out = p.get('-o', '--output');
  if (out) {
    const w = classifyWrite(out.value, 'overwrite', 'http');
    if (w) findings.push(finding(inv, w.level, w.ruleId, w.message, { target: out.value }));
  }
  if (p.has('-d', '--download'))
    findings.push(finding(inv, 'caution', 'http.download', 'Saves the download to a file.'));
  return findings;
};

export const httpRules: RuleTable = { curl, wget, http: httpie, https: httpie, xh: httpie };
