import type { Invocation } from '../scanner/invocation.js';
import type { Finding } from '../scanner/scope.js';
import type { Word } from '../scanner/word.js';
import { argParser } from './args.js';
import { caution, dangerous, finding, type Rule, type RuleTable, safe, unknown, verbTable } from './rule.js';

/** Redis commands by effect. Two-word commands (CONFIG GET) are keyed "CONFIG GET". */
const COMMANDS = verbTable({
  safe: {
    INFO: 'Reads server information.',
    GET: 'Reads a key.',
    MGET: 'Reads keys.',
    EXISTS: 'Checks keys.',
    TTL: 'Reads a key’s TTL.',
    PTTL: 'Reads a key’s TTL.',
    TYPE: 'Reads a key’s type.',
    SCAN: 'Iterates keys incrementally.',
    SSCAN: 'Iterates a set.',
    HSCAN: 'Iterates a hash.',
    ZSCAN: 'Iterates a sorted set.',
    STRLEN: 'Reads a length.',
    GETRANGE: 'Reads part of a value.',
    HGET: 'Reads a hash field.',
    HMGET: 'Reads hash fields.',
    HGETALL: 'Reads a hash.',
    HKEYS: 'Reads hash fields.',
    HVALS: 'Reads hash values.',
    HLEN: 'Reads a hash size.',
    HEXISTS: 'Checks a hash field.',
    LRANGE: 'Reads a list range.',
    LLEN: 'Reads a list length.',
    LINDEX: 'Reads a list element.',
    SCARD: 'Reads a set size.',
    SISMEMBER: 'Checks set membership.',
    SMEMBERS: 'Reads a set.',
    SRANDMEMBER: 'Reads random set members.',
    ZCARD: 'Reads a sorted set size.',
    ZRANGE: 'Reads a sorted set range.',
    ZRANGEBYSCORE: 'Reads a sorted set range.',
    ZREVRANGE: 'Reads a sorted set range.',
    ZREVRANGEBYSCORE: 'Reads a sorted set range.',
    ZSCORE: 'Reads a score.',
    ZRANK: 'Reads a rank.',
    ZCOUNT: 'Counts members.',
    XLEN: 'Reads a stream length.',
    XRANGE: 'Reads a stream range.',
    XREVRANGE: 'Reads a stream range.',
    XINFO: 'Reads stream information.',
    XPENDING: 'Reads pending entries.',
    PFCOUNT: 'Reads a HyperLogLog count.',
    DBSIZE: 'Counts keys.',
    PING: 'Checks the connection.',
    ECHO: 'Echoes a message.',
    TIME: 'Reads the server time.',
    LASTSAVE: 'Reads the last save time.',
    ROLE: 'Reads the replication role.',
    'MEMORY USAGE': 'Reads memory use of a key.',
    'MEMORY STATS': 'Reads memory statistics.',
    'MEMORY DOCTOR': 'Reads a memory report.',
    'SLOWLOG GET': 'Reads the slow log.',
    'SLOWLOG LEN': 'Reads the slow log length.',
    'CLIENT LIST': 'Lists clients.',
    'CLIENT INFO': 'Reads client information.',
    'CLIENT GETNAME': 'Reads the client name.',
    'CLIENT ID': 'Reads the client id.',
    'CONFIG GET': 'Reads configuration.',
    'LATENCY LATEST': 'Reads latency samples.',
    'LATENCY HISTORY': 'Reads latency history.',
    'LATENCY DOCTOR': 'Reads a latency report.',
    'CLUSTER INFO': 'Reads cluster state.',
    'SENTINEL MASTERS': 'Lists monitored masters.',
    'SENTINEL MASTER': 'Shows a monitored master.',
    'SENTINEL PRIMARIES': 'Lists monitored primaries.',
    'SENTINEL PRIMARY': 'Shows a monitored primary.',
    'SENTINEL REPLICAS': 'Lists replicas.',
    'SENTINEL SLAVES': 'Lists replicas.',
    'SENTINEL SENTINELS': 'Lists sentinels.',
    'SENTINEL GET-MASTER-ADDR-BY-NAME': 'Shows the master address.',
    'SENTINEL GET-PRIMARY-ADDR-BY-NAME': 'Shows the primary address.',
    'SENTINEL CKQUORUM': 'Checks the quorum.',
    'SENTINEL INFO-CACHE': 'Shows cached INFO.',
    'SENTINEL MYID': 'Shows the sentinel id.',
    'SENTINEL DEBUG': 'Shows sentinel settings.',
    'CLUSTER NODES': 'Reads cluster nodes.',
    'CLUSTER SLOTS': 'Reads slot assignments.',
    'CLUSTER SHARDS': 'Reads shards.',
    'CLUSTER MYID': 'Reads the node id.',
    'CLUSTER KEYSLOT': 'Computes a key slot.',
    'CLUSTER COUNTKEYSINSLOT': 'Counts keys in a slot.',
    'CLUSTER GETKEYSINSLOT': 'Reads keys in a slot.',
    COMMAND: 'Describes commands.',
    'OBJECT ENCODING': 'Reads an encoding.',
    'OBJECT FREQ': 'Reads access frequency.',
    'OBJECT IDLETIME': 'Reads idle time.',
    DUMP: 'Serialises a value.',
    'PUBSUB CHANNELS': 'Lists channels.',
    'PUBSUB NUMSUB': 'Counts subscribers.',
    'PUBSUB NUMPAT': 'Counts pattern subscriptions.',
    'ACL WHOAMI': 'Reads the current user.',
    'ACL USERS': 'Lists users.',
    'ACL CAT': 'Lists ACL categories.',
    SELECT: 'Selects a database for this connection.',
    WAIT: 'Waits for replicas.',
    SUBSCRIBE: 'Listens to a channel.',
    PSUBSCRIBE: 'Listens to channels.',
    'MODULE LIST': 'Lists modules.',
  },
  caution: {
    SET: 'Writes a key.',
    SETEX: 'Writes a key.',
    PSETEX: 'Writes a key.',
    SETNX: 'Writes a key.',
    MSET: 'Writes keys.',
    MSETNX: 'Writes keys.',
    GETSET: 'Writes a key.',
    GETDEL: 'Reads and deletes a key.',
    DEL: 'Deletes keys.',
    UNLINK: 'Deletes keys.',
    EXPIRE: 'Sets a key’s expiry.',
    PEXPIRE: 'Sets a key’s expiry.',
    EXPIREAT: 'Sets a key’s expiry.',
    PEXPIREAT: 'Sets a key’s expiry.',
    PERSIST: 'Removes a key’s expiry.',
    INCR: 'Changes a counter.',
    INCRBY: 'Changes a counter.',
    INCRBYFLOAT: 'Changes a counter.',
    DECR: 'Changes a counter.',
    DECRBY: 'Changes a counter.',
    APPEND: 'Appends to a value.',
    SETRANGE: 'Overwrites part of a value.',
    HSET: 'Writes hash fields.',
    HSETNX: 'Writes a hash field.',
    HMSET: 'Writes hash fields.',
    HDEL: 'Deletes hash fields.',
    HINCRBY: 'Changes a hash counter.',
    HINCRBYFLOAT: 'Changes a hash counter.',
    LPUSH: 'Writes to a list.',
    RPUSH: 'Writes to a list.',
    LPUSHX: 'Writes to a list.',
    RPUSHX: 'Writes to a list.',
    LPOP: 'Removes from a list.',
    RPOP: 'Removes from a list.',
    LREM: 'Removes from a list.',
    LTRIM: 'Trims a list.',
    LSET: 'Writes a list element.',
    LINSERT: 'Writes to a list.',
    LMOVE: 'Moves list elements.',
    RPOPLPUSH: 'Moves list elements.',
    BLPOP: 'Removes from a list.',
    BRPOP: 'Removes from a list.',
    SADD: 'Writes to a set.',
    SREM: 'Removes from a set.',
    SPOP: 'Removes from a set.',
    SMOVE: 'Moves set members.',
    SINTERSTORE: 'Writes a set.',
    SUNIONSTORE: 'Writes a set.',
    SDIFFSTORE: 'Writes a set.',
    ZADD: 'Writes to a sorted set.',
    ZREM: 'Removes from a sorted set.',
    ZINCRBY: 'Changes a score.',
    ZREMRANGEBYSCORE: 'Removes a range.',
    ZREMRANGEBYRANK: 'Removes a range.',
    ZREMRANGEBYLEX: 'Removes a range.',
    ZPOPMIN: 'Removes from a sorted set.',
    ZPOPMAX: 'Removes from a sorted set.',
    RENAME: 'Renames a key.',
    RENAMENX: 'Renames a key.',
    MOVE: 'Moves a key to another database.',
    COPY: 'Copies a key.',
    RESTORE: 'Restores a serialised key.',
    XADD: 'Writes to a stream.',
    XDEL: 'Deletes stream entries.',
    XTRIM: 'Trims a stream.',
    XGROUP: 'Changes consumer groups.',
    XACK: 'Acknowledges stream entries.',
    XCLAIM: 'Claims stream entries.',
    XAUTOCLAIM: 'Claims stream entries.',
    XREADGROUP: 'Reads and claims stream entries for a group.',
    PUBLISH: 'Publishes a message to subscribers.',
    PFADD: 'Writes a HyperLogLog.',
    PFMERGE: 'Writes a HyperLogLog.',
    'CONFIG SET': 'Changes configuration at run time.',
    'CONFIG REWRITE': 'Rewrites the configuration file.',
    'CONFIG RESETSTAT': 'Resets statistics.',
    'CLIENT KILL': 'Disconnects clients.',
    'CLIENT PAUSE': 'Pauses clients.',
    'CLIENT UNPAUSE': 'Resumes clients.',
    'CLIENT NO-EVICT': 'Changes client eviction.',
    'CLIENT SETNAME': 'Names the connection.',
    'SLOWLOG RESET': 'Clears the slow log.',
    'LATENCY RESET': 'Clears latency samples.',
    'MEMORY PURGE': 'Asks the allocator to release memory.',
    BGSAVE: 'Starts a background save (fork, memory spike).',
    SAVE: 'Saves synchronously, blocking every client.',
    BGREWRITEAOF: 'Rewrites the append-only file.',
    KEYS: 'Read-only but O(N): blocks a production Redis while it walks every key.',
    MONITOR: 'Streams every command (including credentials) and slows the server.',
    'SCRIPT LOAD': 'Loads a script.',
    'SCRIPT KILL': 'Kills a running script.',
    'SCRIPT FLUSH': 'Removes cached scripts.',
    'ACL SETUSER': 'Changes a user.',
    'ACL DELUSER': 'Deletes a user.',
    'ACL LIST': 'Prints users and password hashes.',
    'ACL GETUSER': 'Prints a user’s rules.',
    'ACL LOAD': 'Reloads ACLs.',
    'ACL SAVE': 'Saves ACLs.',
    'CLUSTER MEET': 'Joins a node to the cluster.',
    'SENTINEL FAILOVER': 'Forces a failover to a replica.',
    'SENTINEL SET': 'Changes a monitored master’s settings.',
    'SENTINEL MONITOR': 'Starts monitoring a master.',
    'SENTINEL FLUSHCONFIG': 'Rewrites the sentinel configuration.',
    'SENTINEL CONFIG': 'Reads or changes sentinel configuration.',
    'CLUSTER ADDSLOTS': 'Assigns slots.',
    'CLUSTER DELSLOTS': 'Unassigns slots.',
    'CLUSTER SETSLOT': 'Moves a slot.',
    'CLUSTER REPLICATE': 'Makes this node a replica.',
    FAILOVER: 'Fails over to a replica.',
    MIGRATE: 'Moves keys to another instance.',
    AUTH: 'Authenticates the connection.',
    'MODULE LOAD': 'Loads a module.',
    'MODULE UNLOAD': 'Unloads a module.',
  },
  dangerous: {
    FLUSHALL: 'Deletes every key in every database.',
    FLUSHDB: 'Deletes every key in the database.',
    SHUTDOWN: 'Stops the server.',
    DEBUG: 'Runs a debug command (can crash or block the server).',
    'CLUSTER RESET': 'Resets the node’s cluster state.',
    'SENTINEL RESET': 'Resets masters: their known replicas and sentinels are forgotten.',
    'SENTINEL REMOVE': 'Stops monitoring a master.',
    'CLUSTER FAILOVER': 'Forces a failover.',
    'CLUSTER FORGET': 'Removes a node from the cluster.',
    'CLUSTER FLUSHSLOTS': 'Unassigns every slot.',
    SWAPDB: 'Swaps two databases under every client.',
    'FUNCTION FLUSH': 'Deletes every function.',
    'FUNCTION DELETE': 'Deletes a function library.',
  },
});

/** Per-key deletions that become mass deletions when the keys arrive in bulk (xargs). */
const BULK_SENSITIVE = new Set(['DEL', 'UNLINK', 'GETDEL', 'EXPIRE', 'PEXPIRE', 'EXPIREAT', 'PEXPIREAT']);

const SCRIPT_COMMANDS = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO', 'FUNCTION']);

const redisArgs = argParser({
  valued: [
    '-h',
    '-p',
    '-s',
    '-a',
    '-u',
    '-r',
    '-i',
    '-n',
    '-d',
    '-D',
    '-e',
    '--user',
    '--pass',
    '--pattern',
    '--count',
    '--quoted-pattern',
    '--rdb',
    '--functions-rdb',
    '--eval',
    '--cacert',
    '--cacertdir',
    '--cert',
    '--key',
    '--tls-ciphers',
    '--tls-ciphersuites',
    '--sni',
    '--cluster',
    '--memkeys-samples',
    '--intrinsic-latency',
    '--lru-test',
    '--pipe-timeout',
    '--resp',
  ],
  stopAtPositional: true,
});

/** One Redis command (words after the connection options) to a verdict. */
export function classifyRedisCommand(inv: Invocation, words: readonly (string | null)[]): Finding[] {
  const [first, second] = words;
  if (first === undefined) return [];
  if (first === null) return unknown(inv, 'redis.dynamic', 'The Redis command is only known at run time.');
  const name = first.toUpperCase();
  if (SCRIPT_COMMANDS.has(name))
    return unknown(inv, 'redis.script', `${name} runs a Lua script or function the scanner does not analyse.`);
  if (name === 'REPLICAOF' || name === 'SLAVEOF') {
    return (second ?? '').toUpperCase() === 'NO'
      ? caution(inv, 'redis.promote', 'Promotes this replica to a primary.')
      : dangerous(
          inv,
          'redis.replicaof',
          'Makes this server a replica: it discards its own data and copies another’s.',
        );
  }
  const pair = second ? COMMANDS.get(`${name} ${second.toUpperCase()}`) : undefined;
  const entry = pair ?? COMMANDS.get(name);
  if (!entry) return unknown(inv, 'redis.unknown-command', `${name} is not a Redis command the scanner knows.`);
  const key = pair ? (words[2] ?? null) : (second ?? null);
  if (inv.fanOut && BULK_SENSITIVE.has(name)) {
    return dangerous(inv, 'redis.bulk-delete', `${name} for every key produced at run time: a mass deletion.`, {
      target: key,
    });
  }
  const ruleId =
    name === 'KEYS'
      ? 'redis.keys-blocking'
      : `redis.${(pair ? `${name}-${second}` : name).toLowerCase().replace(/\s+/g, '-')}`;
  const isSecret =
    (name === 'ACL' && ['LIST', 'GETUSER'].includes((second ?? '').toUpperCase())) ||
    (name === 'CONFIG' &&
      (second ?? '').toUpperCase() === 'GET' &&
      words.slice(2).some((w) => w === null || /\*|pass|auth/i.test(w)));
  if (isSecret && entry.level === 'safe')
    return caution(inv, 'secret.redis', 'Prints passwords from the server configuration.');
  return [
    finding(inv, entry.level, isSecret ? 'secret.redis' : ruleId, entry.message, {
      target: entry.level === 'safe' ? null : key,
    }),
  ];
}

/**
 * redis-cli (decision 0014): commands on the command line or in a heredoc are classified one
 * by one; --scan and the *keys sampling modes read; --pipe and --eval run unseen input.
 */
const redisCli: Rule = (inv) => {
  const p = redisArgs.parse(inv.args);
  if (p.has('--help', '--version', '-v')) return safe(inv, 'redis.help', 'Prints help.');
  if (p.has('--eval')) return unknown(inv, 'redis.script', 'Runs a Lua script file the scanner does not see.');
  if (p.has('--pipe'))
    return (
      stdinCommands(inv) ?? unknown(inv, 'redis.pipe', 'Sends raw commands from stdin, which the scanner does not see.')
    );
  if (p.has('--rdb', '--functions-rdb'))
    return caution(inv, 'redis.rdb-dump', 'Dumps the whole dataset to a local file.');
  const cluster = p.get('--cluster')?.value;
  if (cluster !== undefined) {
    if (cluster === 'info' || cluster === 'check' || cluster === 'help')
      return safe(inv, 'redis.cluster-read', 'Checks the cluster.');
    if (cluster === 'call')
      return classifyRedisCommand(
        inv,
        p.rest.slice(1).map((w) => w.value),
      );
    return caution(inv, 'redis.cluster-change', `redis-cli --cluster ${cluster ?? ''} changes the cluster layout.`);
  }
  if (
    p.has(
      '--scan',
      '--bigkeys',
      '--memkeys',
      '--hotkeys',
      '--keystats',
      '--latency',
      '--latency-history',
      '--latency-dist',
      '--stat',
      '--intrinsic-latency',
    )
  ) {
    return safe(inv, 'redis.sampling', 'Samples keys or latency incrementally; read-only.');
  }
  if (p.rest.length > 0) {
    const words = p.rest.map((w: Word) => w.value);
    const findings = classifyRedisCommand(inv, words);
    if (p.has('-r')) {
      const repeat = p.get('-r')?.value;
      if (findings.some((f) => f.level !== 'safe') && repeat !== '1')
        findings.push(finding(inv, 'caution', 'redis.repeat', `Repeats the command ${repeat ?? 'many'} times.`));
    }
    return findings;
  }
  return (
    stdinCommands(inv) ??
    caution(inv, 'session.interactive', 'Opens an interactive Redis console; what is typed next is not reviewed here.')
  );
};

/** Commands fed on stdin (heredoc, echo |), one per line. */
function stdinCommands(inv: Invocation): Finding[] | null {
  if (inv.stdin.kind === 'text') {
    const findings = inv.stdin.text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && !line.startsWith('#'))
      .flatMap((line) => classifyRedisCommand(inv, line.split(/\s+/)));
    if (inv.stdin.expands)
      findings.push(
        finding(
          inv,
          'unknown',
          'redis.shell-expansion',
          'The commands contain shell expansions, known only at run time.',
        ),
      );
    return findings.length > 0 ? findings : safe(inv, 'redis.empty-input', 'No commands on stdin.');
  }
  if (inv.stdin.kind === 'file' || inv.stdin.kind === 'command') {
    return unknown(inv, 'redis.stdin', 'Runs Redis commands from input the scanner does not see.');
  }
  return null;
}

export const redisRules: RuleTable = { 'redis-cli': redisCli, 'valkey-cli': redisCli, 'keydb-cli': redisCli };
