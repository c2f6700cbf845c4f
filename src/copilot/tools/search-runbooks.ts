import { z } from 'zod';
import { defineTool } from './tool.js';

export const searchRunbooks = defineTool({
  name: 'search_runbooks',
  description: 'Full-text search of the runbook library (newest versions). Returns slugs, titles and step counts.',
  readOnly: true,
  schema: z.object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(10).default(5) }),
  async run(args, ctx) {
    const hits = await ctx.facts.searchRunbooks(args.query, args.limit);
    return { data: { hits }, label: `runbook search “${args.query}”`, untrusted: true };
  },
});
