import { mrkdwn, plain } from '../../../../blocks/text.js';
import type { ListenerContext } from '../context.js';

/** The App Home: what the product is and how to use it, with the library's size. */
export function registerAppHome(ctx: ListenerContext): void {
  ctx.app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    try {
      const runbooks = await ctx.services.runbooks.listLatest(body.team_id);
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            { type: 'header', text: plain('Runbook Copilot', 150) },
            {
              type: 'section',
              text: mrkdwn(
                'When an alert fires, the matching runbook opens a thread in the incident channel and walks you through it step by step. ' +
                  'Every command gets a risk level: 🟢 safe · 🟡 caution · 🔴 dangerous · ⬜ unknown.',
              ),
            },
            {
              type: 'section',
              text: mrkdwn(`*${runbooks.length}* runbooks in the library. Try \`/runbook list\` or \`/runbook help\`.`),
            },
          ],
        },
      });
    } catch (err) {
      ctx.logger.warn({ err }, 'could not publish the App Home');
    }
  });
}
