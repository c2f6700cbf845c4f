import type { RiskLevel } from '../types.js';

/**
 * What well-known HTTP APIs do at a path, beyond the method (decision 0009, revised by 0023).
 * A POST to a search endpoint only reads; a POST to `_close` or `delete_series` destroys.
 */
export interface EndpointVerdict {
  level: RiskLevel;
  ruleId: string;
  message: string;
}

function pathOf(url: string): string {
  // A URL holding a placeholder is shown as written, quotes included.
  const noScheme = url.replace(/^["']|["']$/g, '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = noScheme.indexOf('/');
  const path = slash < 0 ? '/' : noScheme.slice(slash);
  return path.replace(/[?#].*$/s, '');
}

/** Elasticsearch/OpenSearch, Prometheus and Loki endpoints that take a body but only read. */
const READ_ONLY_POST = [
  /\/_(search|msearch|count|mget|field_caps|explain|analyze|rank_eval|termvectors|mtermvectors|terms_enum|knn_search)(\/template)?\/?$/,
  /\/_search\/(scroll|template)\/?$/,
  /\/_validate\/query\/?$/,
  /\/_sql(\/translate)?\/?$/,
  /\/_eql\/search\/?$/,
  /\/_async_search\/?$/,
  /\/api\/v1\/(query|query_range|query_exemplars|series|labels|label\/[^/]+\/values|format_query|parse_query)\/?$/,
  /\/loki\/api\/v1\/(query|query_range|series|labels|index\/stats|index\/volume)\/?$/,
];

/** Paths that destroy data whatever the method (POST `_close`, `_delete_by_query` …). */
const DESTRUCTIVE: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/\/_delete_by_query\/?$/, 'http.delete-by-query', 'Bulk-deletes every document matching the query.'],
  [/\/_update_by_query\/?$/, 'http.update-by-query', 'Rewrites every document matching the query.'],
  [/\/_close\/?$/, 'http.index-close', 'Closes indices: they stop serving reads and writes.'],
  [/\/_nodes\/[^/]*\/?_shutdown\/?$|\/_shutdown\/?$/, 'http.shutdown', 'Shuts nodes down.'],
  [
    /\/api\/v1\/admin\/tsdb\/(delete_series|clean_tombstones)\/?$/,
    'http.tsdb-delete',
    'Deletes time series data for good.',
  ],
  [/\/v1\/sys\/seal\/?$/, 'http.vault-seal', 'Seals Vault: every client loses access until it is unsealed.'],
];

/**
 * Path words that name destroying stored data on any service (`/admin/drop`, `/flushall`).
 * Flushing or purging a cache (`/cache/flush`, ES `_flush`) loses nothing that is not rebuilt,
 * so those stay caution (the SRE corpus labels `POST …/admin/cache/flush` caution).
 */
const DESTRUCTIVE_WORD = /\/_?(flush_?all|flushdb|drop|truncate|wipe|destroy|erase|nuke|purge_?all)(\/|$)/i;

export function isReadOnlyPost(url: string): boolean {
  const path = pathOf(url);
  return READ_ONLY_POST.some((re) => re.test(path));
}

/** A dangerous verdict for a destroying endpoint, or null. */
export function destructiveEndpoint(method: string, url: string): EndpointVerdict | null {
  const path = pathOf(url);
  for (const [re, ruleId, message] of DESTRUCTIVE) {
    if (re.test(path)) return { level: 'dangerous', ruleId, message };
  }
  if (method !== 'GET' && method !== 'HEAD' && DESTRUCTIVE_WORD.test(path)) {
    const word = DESTRUCTIVE_WORD.exec(path)![1]!;
    return {
      level: 'dangerous',
      ruleId: 'http.destructive-endpoint',
      message: `Sends ${method} to an endpoint named "${word}", which destroys data.`,
    };
  }
  return null;
}
