import { z } from 'zod';
import { defineTool } from './tool.js';

export const getIncident = defineTool({
  name: 'get_incident',
  description: "This thread's incident: the alert's title, service, fields, when it opened and which runbook matched.",
  readOnly: true,
  schema: z.object({}),
  async run(_args, ctx) {
    const incident = await ctx.facts.incident();
    return {
      data: incident ?? { note: 'no incident is recorded for this thread' },
      label: incident ? `alert “${incident.title}”` : 'incident (none)',
      untrusted: incident !== null,
    };
  },
});
