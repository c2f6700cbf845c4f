// Block Kit interactivity: what a click, a select or a keystroke in a modal does.
import { h, initialValue, renderBlocks } from './render.js';
import { act, channelName, ui, userName } from './state.js';

export function blockContext({ surface, channelId, messageTs, viewId, errors }) {
  return {
    surface,
    users: ui.state.users,
    channels: ui.state.channels,
    userName,
    channelName,
    errors,
    draft: (blockId, actionId) => {
      const value = ui.drafts.get(viewId)?.[blockId]?.[actionId];
      if (value !== undefined) return value;
      const view = topView();
      const block = view?.definition.blocks.find((b) => b.block_id === blockId);
      return block?.element ? initialValue(block.element) : undefined;
    },
    setDraft: (blockId, actionId, value) => {
      const drafts = ui.drafts.get(viewId) ?? {};
      drafts[blockId] = { ...(drafts[blockId] ?? {}), [actionId]: value };
      ui.drafts.set(viewId, drafts);
    },
    onButton: (element, block) =>
      confirmThen(element.confirm, () => {
        if (element.url) window.open(element.url, '_blank', 'noopener');
        if (surface === 'message') {
          return act('click', {
            channelId,
            messageTs,
            actionId: element.action_id,
            blockId: block.block_id,
            value: element.value,
          });
        }
        return act('view-click', {
          viewId,
          actionId: element.action_id,
          blockId: block.block_id,
          value: element.value,
          values: draftValues(viewId),
        });
      }),
    onSelect: (element, block, value) => {
      if (!value) return;
      if (surface === 'message')
        return act('select', { channelId, messageTs, actionId: element.action_id, blockId: block.block_id, value });
      return act('view-select', {
        viewId,
        actionId: element.action_id,
        blockId: block.block_id,
        value,
        values: draftValues(viewId),
      });
    },
  };
}

/** Buttons with a `confirm` object ask first, like Slack's dialog. */
export function confirmThen(confirm, run) {
  if (!confirm) return run();
  const plain = (t) => t?.text || '';
  const close = () => root.remove();
  const root = h(
    'div',
    {
      class: 'modal-backdrop',
      'data-testid': 'confirm-dialog',
      role: 'alertdialog',
      'aria-label': plain(confirm.title),
    },
    h(
      'div',
      { class: 'modal' },
      h('div', { class: 'modal-head' }, h('h2', {}, plain(confirm.title))),
      h(
        'div',
        { class: 'modal-body' },
        renderBlocks([{ type: 'section', text: confirm.text }], blockContext({ surface: 'message' })),
      ),
      h(
        'div',
        { class: 'modal-foot' },
        h(
          'button',
          { class: 'sk-button', 'data-testid': 'confirm-deny', onclick: close },
          plain(confirm.deny) || 'Cancel',
        ),
        h(
          'button',
          {
            class: `sk-button ${confirm.style === 'danger' ? 'danger' : 'primary'}`,
            'data-testid': 'confirm-accept',
            onclick: () => {
              close();
              void run();
            },
          },
          plain(confirm.confirm) || 'Confirm',
        ),
      ),
    ),
  );
  document.body.append(root);
}

export function topView() {
  const stack = ui.state?.modalStack ?? [];
  return stack[stack.length - 1];
}

/** Every input's current value (draft or initial), as the submit payload's values. */
export function draftValues(viewId) {
  const view = topView();
  if (!view || view.id !== viewId) return {};
  const values = {};
  for (const block of view.definition.blocks) {
    if (block.type !== 'input' || !block.element) continue;
    const drafted = ui.drafts.get(viewId)?.[block.block_id]?.[block.element.action_id];
    const value = drafted !== undefined ? drafted : initialValue(block.element);
    values[block.block_id] = { [block.element.action_id]: value === undefined || value === '' ? null : value };
  }
  return values;
}
