import { z } from 'zod';
import { defineTool } from './tool.js';

export const queryAudit = defineTool({
  name: 'query_audit',
  description: "This incident's audit events (what happened, who did it, when), newest last.",
  readOnly: true,
  schema: z.object({ limit: z.number().int().min(1).max(50).default(20) }),
  async run(args, ctx) {
    const events = await ctx.facts.audit(args.limit);
    return { data: { events }, label: `audit trail (${events.length} events)`, untrusted: true };
  },
});
