import { z } from 'zod';
import { defineTool } from './tool.js';

/**
 * A command the copilot suggests, with why. It becomes a step card in the thread,
 * classified and gated like any runbook step: nothing runs until a person acts on it.
 */
export const proposeStep = defineTool({
  name: 'propose_step',
  description:
    'Suggest one shell command as a step card in the thread, with why. It is classified and needs the usual approvals; you never run it.',
  readOnly: false,
  schema: z.object({ command: z.string().min(1).max(2000), why: z.string().min(1).max(500) }),
  async run(args, ctx) {
    const outcome = await ctx.facts.propose({
      command: args.command,
      why: args.why,
      afterUntrusted: ctx.readUntrusted,
    });
    return {
      data: { posted: true, level: outcome.level, gate: outcome.gate, note: 'shown as a card; a person decides' },
      label: `proposed step (${outcome.level})`,
      untrusted: false,
    };
  },
});
