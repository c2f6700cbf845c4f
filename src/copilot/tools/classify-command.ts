import { z } from 'zod';
import { defineTool } from './tool.js';

export const classifyCommand = defineTool({
  name: 'classify_command',
  description:
    "The product's risk scanner verdict for a shell command (safe, caution, dangerous, unknown) with reasons.",
  readOnly: true,
  schema: z.object({ command: z.string().min(1).max(4000) }),
  async run(args, ctx) {
    const verdict = ctx.facts.classify(args.command);
    return { data: verdict, label: `scanner verdict (${verdict.level})`, untrusted: false };
  },
});
