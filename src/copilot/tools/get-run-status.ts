import { z } from 'zod';
import { defineTool } from './tool.js';

export const getRunStatus = defineTool({
  name: 'get_run_status',
  description:
    "The run in this thread: each step's state, risk level, redacted command and the redacted tail of its output.",
  readOnly: true,
  schema: z.object({}),
  async run(_args, ctx) {
    const run = await ctx.facts.run();
    return {
      data: run ?? { note: 'no run has started in this thread' },
      label: run ? `run of “${run.runbookTitle}”` : 'run status (none)',
      untrusted: run !== null,
    };
  },
});
