#!/usr/bin/env node
import { existsSync } from 'node:fs';
import type { Config } from './config.js';
import type { Logger } from './lib/logger.js';

/**
 * The one CLI dispatcher: `npm run cli -- <command>` from source, or the
 * `runbook-copilot` bin. Commands that need no database (classify, parse, lint, help)
 * never read the environment.
 */
interface Command {
  summary: string;
  run: (args: string[]) => Promise<number>;
}

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
const print = (line: string) => process.stdout.write(`${line}\n`);

/** Config and logger, loaded only by the commands that need them (help and classify start fast). */
async function boot(): Promise<{ config: Config; logger: Logger }> {
  // A .env file beside package.json is read if present; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { loadConfig } = await import('./config.js');
  const { createLogger } = await import('./lib/logger.js');
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, pretty: config.log.pretty });
  return { config, logger };
}

const COMMANDS: Record<string, Command> = {
  start: {
    summary: 'migrate, then run web + worker in one process (the local Slack sandbox when no Slack tokens are set)',
    run: async () => {
      const { config, logger } = await boot();
      const { runStart } = await import('./app/commands.js');
      // Every console line of `start` is a log record: one format (LOG_PRETTY), one order.
      await runStart(config, logger, (line) => logger.info(line));
      return -1; // keep running
    },
  },
  web: {
    summary: 'the Slack app (Socket Mode) and the HTTP server: webhooks, /healthz, /readyz, /metrics',
    run: async () => {
      const { config, logger } = await boot();
      const { runWeb } = await import('./app/commands.js');
      await runWeb(config, logger, print);
      return -1;
    },
  },
  worker: {
    summary: 'the BullMQ workers for every queue',
    run: async () => {
      const { config, logger } = await boot();
      const { runWorker } = await import('./app/commands.js');
      await runWorker(config, logger, print);
      return -1;
    },
  },
  migrate: {
    summary: 'create the database if needed and apply pending migrations',
    run: async () => {
      const { config, logger } = await boot();
      const { runMigrate } = await import('./app/commands.js');
      await runMigrate(config, logger, print);
      return 0;
    },
  },
  classify: {
    summary: 'classify a shell command (🟢🟡🔴⬜): classify "<command>" | classify --jsonl < commands.jsonl',
    run: async (args) => (await import('./classifier/cli.js')).runClassifyCli(args, io),
  },
  parse: {
    summary: 'compile a runbook file: parse <file> [--json]',
    run: async (args) => (await import('./runbooks/cli.js')).runParseCli(args, io),
  },
  lint: {
    summary: 'lint every runbook in a folder: lint <folder>',
    run: async (args) => (await import('./runbooks/cli.js')).runLintCli(args, io),
  },
  audit: {
    summary: 'verify the audit hash chain: audit verify [--tenant T…]',
    run: async (args) => {
      const { config } = await boot();
      const { runAuditCli } = await import('./audit/cli.js');
      return runAuditCli(args, config, io);
    },
  },
  panic: {
    summary: 'the panic switch: panic on|off|status [--tenant T…] [--reason "…"] (whole install without --tenant)',
    run: async (args) => {
      const { config, logger } = await boot();
      const { runPanicCli } = await import('./app/panic-cli.js');
      return runPanicCli(args, config, logger, io);
    },
  },
  roles: {
    summary: 'the operator grants roles without Slack: roles list|grant|revoke --tenant T… [U…|S… role]',
    run: async (args) => {
      const { config } = await boot();
      const { runRolesCli } = await import('./governance/cli.js');
      return runRolesCli(args, config, io);
    },
  },
  backup: {
    summary: 'backups: backup now | list | verify <id|latest> | prune [--dry-run]  (--json: one JSON object)',
    run: (args) => opsCommand('backup', args),
  },
  drill: {
    summary: 'restore drills: drill quick | full  (--json: one JSON object)',
    run: (args) => opsCommand('drill', args),
  },
  schedules: {
    summary: 'what runs when: backups, drills, health checks, SLO guard, digests  (--json)',
    run: (args) => opsCommand('schedules', args),
  },
  help: {
    summary: 'this list',
    run: async () => {
      print('Usage: runbook-copilot <command> [args]   (from source: npm run cli -- <command>)\n');
      for (const [name, cmd] of Object.entries(COMMANDS)) print(`  ${name.padEnd(10)} ${cmd.summary}`);
      return 0;
    },
  },
};

async function opsCommand(command: 'backup' | 'drill' | 'schedules', args: string[]): Promise<number> {
  const { runOpsCli } = await import('./ops/cli.js');
  return runOpsCli(command, args, io, async () => {
    const { config, logger } = await boot();
    const { openOpsCli } = await import('./app/ops-cli.js');
    return openOpsCli(config, logger);
  });
}

async function main(): Promise<number> {
  const [name = 'help', ...args] = process.argv.slice(2);
  const command = COMMANDS[name === '--help' || name === '-h' ? 'help' : name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}". Run "help" for the list.\n`);
    return 2;
  }
  return command.run(args);
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  async (err: unknown) => {
    const { ConfigError } = await import('./config.js');
    const { isDomainError } = await import('./lib/errors.js');
    // Operators get a sentence they can act on; a stack only for the unexpected.
    if (err instanceof ConfigError || (isDomainError(err) && err.code !== 'internal')) {
      process.stderr.write(`\n${err.message}\n`);
    } else if (err instanceof Error && err.message.startsWith('`')) {
      process.stderr.write(`\n${err.message}\n`);
    } else {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    process.exit(1);
  },
);
