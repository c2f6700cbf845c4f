import type { SqlFinding } from './classify-sql.js';

const SAFE_CALLS = new Set([
  'find',
  'findOne',
  'count',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'aggregate',
  'explain',
  'getIndexes',
  'getIndexKeys',
  'getIndexSpecs',
  'stats',
  'dataSize',
  'storageSize',
  'totalSize',
  'totalIndexSize',
  'getCollectionNames',
  'getCollectionInfos',
  'getCollection',
  'getSiblingDB',
  'getName',
  'getMongo',
  'serverStatus',
  'currentOp',
  'hostInfo',
  'version',
  'isMaster',
  'hello',
  'status',
  'conf',
  'config',
  'printReplicationInfo',
  'printSecondaryReplicationInfo',
  'printSlaveReplicationInfo',
  'getReplicationInfo',
  'printjson',
  'printjsononeline',
  'print',
  'limit',
  'sort',
  'skip',
  'pretty',
  'toArray',
  'forEach',
  'map',
  'hasNext',
  'next',
  'itcount',
  'size',
  'projection',
  'project',
  'batchSize',
  'hint',
  'maxTimeMS',
  'readPref',
  'comment',
  'collation',
  'ObjectId',
  'ISODate',
  'Date',
  'NumberLong',
  'NumberInt',
  'NumberDecimal',
  'UUID',
  'Timestamp',
  'BinData',
  'stringify',
  'parse',
  'keys',
  'values',
  'entries',
  'log',
  'getUsers',
  'getUser',
  'getRoles',
  'getRole',
  'getProfilingStatus',
  'getProfilingLevel',
  'getLogComponents',
  'getShardDistribution',
  'getDBs',
  'listDatabases',
  'listCollections',
  'length',
  'filter',
  'push',
  'includes',
  'join',
  'split',
  'slice',
  'substr',
  'substring',
  'toString',
  'toISOString',
  'getTime',
  'now',
  'floor',
  'ceil',
  'round',
  'max',
  'min',
  'abs',
  'tojson',
  'isArray',
  'getDB',
  'getReadPrefMode',
  'getWriteConcern',
  'watch',
  'latencyStats',
  'validate',
  'getShardVersion',
  'isCapped',
  'exists',
  'getPlanCache',
  'printShardingStatus',
  'balancerStatus',
  'getBalancerState',
  'isBalancerRunning',
  'printCollectionStats',
  'collStats',
  'dbStats',
  'help',
  'sleep',
]);

const CAUTION_CALLS = new Set([
  'insertOne',
  'insertMany',
  'insert',
  'updateOne',
  'replaceOne',
  'deleteOne',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'findAndModify',
  'createIndex',
  'createIndexes',
  'ensureIndex',
  'dropIndex',
  'dropIndexes',
  'killOp',
  'stepDown',
  'reconfig',
  'renameCollection',
  'bulkWrite',
  'fsyncLock',
  'fsyncUnlock',
  'compact',
  'reIndex',
  'setProfilingLevel',
  'createCollection',
  'createView',
  'createUser',
  'updateUser',
  'grantRolesToUser',
  'revokeRolesFromUser',
  'changeUserPassword',
  'freeze',
  'syncFrom',
  'add',
  'addArb',
  'startBalancer',
  'stopBalancer',
  'enableSharding',
  'shardCollection',
  'moveChunk',
  'splitAt',
  'splitFind',
  'setFeatureCompatibilityVersion',
  'save',
  'hideIndex',
  'unhideIndex',
  'convertToCapped',
  'setLogLevel',
  'dropUser',
  'dropRole',
  'createRole',
  'grantPrivilegesToRole',
  'initiate',
  'killSessions',
  'setParameter',
]);

const DANGEROUS_CALLS = new Set([
  'drop',
  'dropDatabase',
  'dropAllUsers',
  'dropAllRoles',
  'shutdownServer',
  'repairDatabase',
  'removeShard',
]);

/** Calls whose first argument is a filter: `{}` or nothing means every document. */
const FILTERED_BULK = new Set(['deleteMany', 'remove', 'updateMany', 'update']);

/** Database commands that only report (`runCommand({replSetGetStatus: 1})`, `adminCommand('serverStatus')`). */
const READ_ONLY_DB_COMMANDS =
  /^\(\s*(?:\{\s*)?["']?(replSetGetStatus|replSetGetConfig|serverStatus|dbStats|collStats|isMaster|hello|ping|buildInfo|hostInfo|listDatabases|listCollections|listIndexes|getCmdLineOpts|getParameter|connectionStatus|currentOp|top|getLog|connPoolStats|shardConnPoolStats|dataSize|validate|explain|count|distinct|find|usersInfo|rolesInfo|getShardMap|listShards|balancerStatus)["']?\s*[:,)}]/;

function readOnlyDbCommand(after: string): boolean {
  const m = READ_ONLY_DB_COMMANDS.exec(`(${after}`);
  return m !== null && !/\$(out|merge)\b/.test(after) && !/\b(getParameter)\b.*\bsetParameter\b/.test(after);
}

function stripStringsAndComments(js: string): string {
  return js
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

/**
 * mongosh --eval JavaScript, judged conservatively: every call must be a known read for the
 * script to be safe; a delete or update with an empty filter is dangerous; anything
 * unrecognised is unknown (decision 0004).
 */
export function classifyMongoScript(js: string): SqlFinding[] {
  const code = stripStringsAndComments(js);
  const findings: SqlFinding[] = [];
  for (const m of code.matchAll(/(\.)?\s*\b([A-Za-z_$][\w$]*)\s*\(/g)) {
    const name = m[2]!;
    if (
      name === 'function' ||
      name === 'if' ||
      name === 'for' ||
      name === 'while' ||
      name === 'return' ||
      name === 'switch' ||
      name === 'catch'
    )
      continue;
    const after = code.slice((m.index ?? 0) + m[0].length).trimStart();
    const emptyFilter = after.startsWith(')') || /^\{\s*\}\s*[,)]/.test(after);
    const receiver = code.slice(0, m.index ?? 0).match(/([A-Za-z_$][\w$]*)\s*$/)?.[1] ?? '';
    if (FILTERED_BULK.has(name) && receiver !== 'rs') {
      findings.push(
        emptyFilter
          ? {
              level: 'dangerous',
              ruleId: `mongo.${name}-all`,
              message: `${name}() with an empty filter affects every document.`,
              target: receiver || null,
            }
          : {
              level: 'caution',
              ruleId: `mongo.${name}`,
              message: `${name}() changes the matching documents.`,
              target: receiver || null,
            },
      );
    } else if (name === 'remove' && receiver === 'rs') {
      findings.push({
        level: 'caution',
        ruleId: 'mongo.rs-remove',
        message: 'Removes a replica set member.',
        target: null,
      });
    } else if (DANGEROUS_CALLS.has(name)) {
      findings.push({
        level: 'dangerous',
        ruleId: `mongo.${name}`,
        message: `${name}() destroys data or stops the server.`,
        target: receiver || null,
      });
    } else if (CAUTION_CALLS.has(name)) {
      findings.push({
        level: 'caution',
        ruleId: `mongo.${name}`,
        message: `${name}() changes data or server state.`,
        target: receiver || null,
      });
    } else if (name === 'aggregate' && /\$(out|merge)\b/.test(js)) {
      findings.push({
        level: 'caution',
        ruleId: 'mongo.aggregate-write',
        message: 'The pipeline writes its output ($out/$merge).',
        target: receiver || null,
      });
    } else if ((name === 'runCommand' || name === 'adminCommand') && readOnlyDbCommand(after)) {
    } else if (!SAFE_CALLS.has(name)) {
      findings.push({
        level: 'unknown',
        ruleId: 'mongo.unknown-call',
        message: `${name}() is not a call the scanner can vouch for.`,
        target: null,
      });
    }
  }
  return findings.length > 0
    ? findings
    : [{ level: 'safe', ruleId: 'mongo.read', message: 'Only reads.', target: null }];
}
