import { z } from 'zod';
import { defineTool } from './tool.js';

export const getRunbook = defineTool({
  name: 'get_runbook',
  description:
    "A runbook step's text. slug null = this thread's runbook; index null = every step (titles and commands).",
  readOnly: true,
  schema: z.object({
    slug: z.string().min(1).max(120).nullable().default(null),
    index: z.number().int().min(1).max(500).nullable().default(null),
  }),
  async run(args, ctx) {
    const steps = await ctx.facts.runbookStep(args.slug, args.index);
    const title = steps[0]?.runbookTitle ?? args.slug ?? 'runbook';
    return {
      data: { steps },
      label: args.index ? `step ${args.index} of “${title}”` : `runbook “${title}”`,
      untrusted: true,
    };
  },
});
