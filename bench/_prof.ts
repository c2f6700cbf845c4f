import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanCommand } from '../src/classifier/scanner/scan.js';

const root = 'test/fixtures';
const cmds: string[] = [];
for (const f of [
  join(root, 'shared/corpora/sre-commands.jsonl'),
  ...readdirSync(join(root, 'commands'))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(root, 'commands', f)),
])
  for (const l of readFileSync(f, 'utf8').split('\n').filter(Boolean)) cmds.push(JSON.parse(l).cmd);
for (let r = 0; r < 15; r++) for (const c of cmds) scanCommand(c);
