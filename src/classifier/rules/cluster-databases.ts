import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { RiskLevel } from '../types.js';
import { argParser } from './args.js';
import { caution, finding, type Rule, type RuleTable, unknown } from './rule.js';
import { verbCli } from './verb-cli.js';

/**
 * Tools of clustered databases (decision 0022): Patroni's patronictl, Cassandra's nodetool
 * and cqlsh. Listings and status read; switchovers, restarts and repairs are caution;
 * reinitialising a member, decommissioning a node, removing or truncating are dangerous.
 */
const patronictl = verbCli({
  family: 'patronictl',
  args: {
    valued: [
      '-c',
      '--config-file',
      '--dcs-url',
      '--dcs',
      '-k',
      '--insecure',
      '--group',
      '--leader',
      '--master',
      '--primary',
      '--candidate',
      '--scheduled',
      '--role',
      '-r',
      '--member',
      '-m',
      '--format',
      '-f',
      '-W',
      '-w',
      '--watch',
    ],
  },
  commands: {
    safe: {
      list: 'Lists cluster members and their state.',
      topology: 'Shows the replication topology.',
      history: 'Shows failover history.',
      'show-config': 'Shows the dynamic configuration.',
      dsn: 'Prints a connection string.',
      version: 'Prints versions.',
    },
    caution: {
      switchover: 'Moves the primary role to another member (clients reconnect).',
      failover: 'Forces a failover to another member.',
      restart: 'Restarts PostgreSQL on members.',
      reload: 'Reloads configuration.',
      pause: 'Stops automatic failover.',
      resume: 'Resumes automatic failover.',
      'edit-config': 'Changes the dynamic configuration.',
      flush: 'Cancels scheduled restarts or switchovers.',
      query: 'Runs SQL on a member.',
    },
    dangerous: {
      reinit: 'Wipes a member’s data directory and copies it again from the primary.',
      remove: 'Removes the cluster’s state from the DCS.',
    },
  },
});

const nodetool = verbCli({
  family: 'nodetool',
  args: {
    valued: [
      '-h',
      '--host',
      '-p',
      '--port',
      '-u',
      '--username',
      '-pw',
      '--password',
      '-pwf',
      '--password-file',
      '-st',
      '--start-token',
      '-et',
      '--end-token',
      '-dc',
      '--in-dc',
      '-j',
      '--job-threads',
    ],
    singleDashLong: false,
  },
  commands: {
    safe: {
      status: 'Shows ring membership and load.',
      info: 'Shows node information.',
      ring: 'Shows the token ring.',
      tpstats: 'Shows thread pool statistics.',
      tablestats: 'Shows table statistics.',
      cfstats: 'Shows table statistics.',
      tablehistograms: 'Shows latency histograms.',
      cfhistograms: 'Shows latency histograms.',
      proxyhistograms: 'Shows latency histograms.',
      compactionstats: 'Shows running compactions.',
      compactionhistory: 'Shows compaction history.',
      describecluster: 'Describes the cluster.',
      describering: 'Describes the ring.',
      gossipinfo: 'Shows gossip state.',
      netstats: 'Shows streaming.',
      statusbinary: 'Shows the native transport status.',
      statusgossip: 'Shows gossip status.',
      statushandoff: 'Shows hinted handoff status.',
      statusbackup: 'Shows backup status.',
      getcompactionthroughput: 'Shows the compaction throughput.',
      getstreamthroughput: 'Shows the stream throughput.',
      getendpoints: 'Shows the replicas of a key.',
      getlogginglevels: 'Shows logging levels.',
      listsnapshots: 'Lists snapshots.',
      version: 'Prints the version.',
      verify: 'Verifies checksums.',
      viewbuildstatus: 'Shows view build status.',
      gcstats: 'Shows GC statistics.',
      toppartitions: 'Samples hot partitions.',
    },
    caution: {
      repair: 'Repairs data (heavy streaming and I/O).',
      cleanup: 'Removes data the node no longer owns (heavy I/O).',
      compact: 'Forces a major compaction.',
      flush: 'Flushes memtables to disk.',
      drain: 'Stops the node accepting writes (before a restart).',
      snapshot: 'Takes a snapshot.',
      disablebinary: 'Stops clients connecting to this node.',
      enablebinary: 'Lets clients connect again.',
      disablegossip: 'Takes the node out of gossip.',
      enablegossip: 'Puts the node back into gossip.',
      disablehandoff: 'Stops hinted handoff.',
      enablehandoff: 'Resumes hinted handoff.',
      setcompactionthroughput: 'Changes compaction throughput.',
      setstreamthroughput: 'Changes stream throughput.',
      setlogginglevel: 'Changes a logging level.',
      rebuild: 'Streams data from another datacenter.',
      upgradesstables: 'Rewrites SSTables.',
      scrub: 'Rewrites SSTables, skipping corrupt rows.',
      stop: 'Stops a compaction.',
      refresh: 'Loads new SSTables.',
      move: 'Moves the node’s token (data streams).',
      garbagecollect: 'Removes deleted data (heavy I/O).',
    },
    dangerous: {
      decommission: 'Streams the node’s data away and removes it from the cluster.',
      removenode: 'Removes a dead node from the ring.',
      assassinate: 'Forcibly removes a node from gossip.',
      clearsnapshot: 'Deletes snapshots.',
      truncatehints: 'Deletes stored hints.',
      resetlocalschema: 'Drops and re-fetches the local schema.',
    },
  },
});

/** CQL statements by their first keyword: reads are safe, schema and data changes caution, drops dangerous. */
const CQL_LEVEL: ReadonlyArray<readonly [RegExp, RiskLevel, string]> = [
  [/^(select|describe|desc|show|use|consistency|serial|tracing|paging|expand|list|help|login)\b/i, 'safe', 'reads'],
  [/^(drop|truncate)\b/i, 'dangerous', 'drops or truncates data'],
  [
    /^(insert|update|delete|create|alter|grant|revoke|begin|apply|batch|copy|source|capture)\b/i,
    'caution',
    'changes data, schema or access',
  ],
];

function cqlFindings(inv: Invocation, text: string): Finding[] {
  const statements = text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (statements.length === 0) return [finding(inv, 'safe', 'cql.empty', 'No statement to run.')];
  return statements.map((statement) => {
    const hit = CQL_LEVEL.find(([re]) => re.test(statement));
    if (!hit)
      return finding(
        inv,
        'unknown',
        'cql.unknown',
        `${statement.split(/\s+/)[0]} is not a CQL statement the scanner knows.`,
      );
    const [, level, summary] = hit;
    return finding(inv, level, `cql.${statement.split(/\s+/)[0]!.toLowerCase()}`, `The CQL statement ${summary}.`);
  });
}

const cqlshArgs = argParser({
  valued: [
    '-e',
    '--execute',
    '-f',
    '--file',
    '-u',
    '--username',
    '-p',
    '--password',
    '-k',
    '--keyspace',
    '--cqlshrc',
    '--cqlversion',
    '--protocol-version',
    '--connect-timeout',
    '--request-timeout',
    '--encoding',
    '-t',
  ],
});

const cqlsh: Rule = (inv) => {
  const p = cqlshArgs.parse(inv.args);
  const statement = p.get('-e', '--execute');
  if (p.has('-f', '--file')) return unknown(inv, 'cql.script-file', 'Runs CQL from a file whose content is unseen.');
  if (!statement) return caution(inv, 'session.interactive', 'Opens an interactive Cassandra shell.');
  if (statement.value === null) return unknown(inv, 'cql.dynamic', 'The CQL is only known at run time.');
  return cqlFindings(inv, statement.value);
};

export const clusterDatabaseRules: RuleTable = { patronictl, nodetool, cqlsh };
