/**
 * The dependency rule of docs/architecture.md, enforced:
 * lib ← db ← feature folders ← adapters (slack, webhooks, jobs, sandbox) ← app ← main.
 */
const FEATURES = '^src/(alerts|audit|classifier|runbooks|executions|approvals|governance|ops|copilot)/';
const ADAPTERS = '^src/(slack|webhooks|jobs|sandbox|app)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make modules impossible to reason about one at a time (type-only cycles vanish at run time).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'lib-is-the-bottom',
      severity: 'error',
      comment: 'src/lib may not depend on anything of the product but config.',
      from: { path: '^src/lib/' },
      to: { path: '^src/(?!lib/)', pathNot: '^src/config\\.ts$' },
    },
    {
      name: 'db-below-features',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: [FEATURES, ADAPTERS] },
    },
    {
      name: 'features-do-not-import-adapters',
      severity: 'error',
      comment: 'Features talk to the outside through ports they own (ChatPort, JobPort, LlmPort, Clock).',
      from: { path: FEATURES },
      to: { path: ADAPTERS },
    },
    {
      name: 'features-do-not-import-slack-or-queues',
      severity: 'error',
      from: { path: FEATURES },
      to: { path: 'node_modules/(@slack/bolt|@slack/web-api|@slack/socket-mode|bullmq|ioredis|fastify)/' },
    },
    {
      name: 'approvals-own-approvals',
      severity: 'error',
      comment: 'The execution engine asks the approvals service; it never reads or writes the approvals table itself.',
      from: { path: '^src/executions/' },
      to: { path: '^src/approvals/repo\\.ts$' },
    },
    {
      name: 'tenant-data-through-inTenant',
      severity: 'error',
      comment: 'Only repositories, services and system reconcilers reach tables; adapters call services.',
      from: { path: '^src/(slack|webhooks)/' },
      to: { path: ['^src/db/tenant-scope\\.ts$', '-repo\\.ts$', '/repo/'] },
    },
    {
      name: 'blocks-are-pure',
      severity: 'error',
      comment: 'Block builders import @slack/types, the ids and value codecs, each other and type-only imports.',
      from: { path: '^blocks/' },
      to: {
        pathNot: ['^blocks/', '^src/slack/(ids|codecs)\\.ts$', 'node_modules/(@slack/types|zod)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'Migrations never import application code.',
      from: { path: '^migrations/' },
      to: { path: '^(src|blocks)/' },
    },
    {
      name: 'sandbox-is-slack',
      severity: 'error',
      comment: 'The sandbox stands in for Slack; it may not reach into the product.',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/(?!sandbox/|lib/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
