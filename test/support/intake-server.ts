import { createAlertIntake } from '../../src/alerts/intake-service.js';
import { createJobProducer, type JobProducer } from '../../src/jobs/producer.js';
import { createRedis } from '../../src/jobs/redis.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createHttpServer, type HttpServerDeps } from '../../src/webhooks/server.js';
import { createTestDatabase, type TestDatabase, uniquePrefix } from './test-db.js';

export interface IntakeServer {
  t: TestDatabase;
  jobs: JobProducer;
  /** http://127.0.0.1:<port> */
  base: string;
  close(): Promise<void>;
}

/**
 * The webhook server as the product runs it (real intake, Postgres, Redis), on a database
 * and queue prefix of this test file's own; the routes' secrets and limits are the test's.
 */
export async function startIntakeServer(
  routes: Omit<HttpServerDeps, 'logger' | 'intake' | 'readiness'>,
): Promise<IntakeServer> {
  const t = await createTestDatabase();
  const redis = createRedis('redis://127.0.0.1:6379', 'plain');
  await redis.connect();
  const jobs = createJobProducer({ connection: redis, prefix: uniquePrefix() });
  const server = createHttpServer({
    ...routes,
    logger: silentLogger(),
    intake: createAlertIntake({ db: t.db, jobs, logger: silentLogger() }),
    readiness: {},
  });
  const base = await server.listen('127.0.0.1', 0);
  return {
    t,
    jobs,
    base,
    async close() {
      await server.close();
      await jobs.queue('alerts').obliterate({ force: true });
      await jobs.close();
      redis.disconnect();
      await t.drop();
    },
  };
}
