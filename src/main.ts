#!/usr/bin/env node
// Placeholder dispatcher; the full CLI is being built. classify is wired so the
// classifier can be exercised from the command line.
const [command, ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'classify': {
      const { runClassifyCli } = await import('./classifier/cli.js');
      return runClassifyCli(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    default:
      process.stderr.write(`unknown command: ${command ?? '(none)'}\n`);
      return 2;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
