// The sandbox page: a minimal Slack. State comes from /_sandbox/state, changes arrive as
// Server-Sent Events, and every action goes through /_sandbox/<action> (the test driver's functions).
import { renderMain, renderThread, submitOnEnter } from './conversation.js';
import { renderModal } from './modal.js';
import { renderSidebar } from './sidebar.js';
import { $, act, onRender, refresh, scheduleRefresh, ui } from './state.js';

function render() {
  renderSidebar();
  renderMain();
  renderThread();
  renderModal();
}

onRender(render);

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value;
  if (!text.trim()) return;
  input.value = '';
  void act('compose', { channelId: ui.channelId, text });
});
$('composer-input').addEventListener('keydown', submitOnEnter);

const events = new EventSource('/_sandbox/events');
events.addEventListener('change', scheduleRefresh);
events.addEventListener('open', scheduleRefresh);
// The stream dropped (the product stopped): say so until it reconnects and a refresh succeeds.
events.addEventListener('error', () => {
  ui.unreachable = true;
  if (ui.state) renderSidebar();
});
void refresh();
