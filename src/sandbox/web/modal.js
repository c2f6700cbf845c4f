// The modal overlay: the top view of the person's stack, with drafts kept across re-renders.
import { blockContext, draftValues, topView } from './context.js';
import { fill, h, renderBlocks } from './render.js';
import { $, act, ui } from './state.js';

export function renderModal() {
  const root = $('modal-root');
  const view = topView();
  const stackSize = ui.state.modalStack.length;
  const clientErrors = view ? (ui.clientErrors.get(view.id) ?? {}) : {};
  const key = view
    ? JSON.stringify([view.id, view.hash, view.errors, view.connectionError, clientErrors, stackSize, ui.me])
    : '';
  if (key === ui.modalKey) return;
  ui.modalKey = key;
  if (!view) {
    fill(root);
    return;
  }
  const d = view.definition;
  const errors = { ...view.errors, ...clientErrors };
  const plain = (t, fallback) => t?.text || fallback;
  const close = () => act('view-close', { viewId: view.id });
  const submit = async () => {
    const result = await act('view-submit', { viewId: view.id, values: draftValues(view.id) });
    ui.clientErrors.set(view.id, result.ok ? {} : (result.fieldErrors ?? {}));
    ui.modalKey = null;
    renderModal();
  };
  fill(
    root,
    h(
      'div',
      { class: 'modal-backdrop' },
      h(
        'div',
        {
          class: 'modal',
          role: 'dialog',
          'aria-modal': 'true',
          'aria-label': plain(d.title, 'Modal'),
          'data-testid': 'modal',
          'data-view-id': view.id,
        },
        h(
          'div',
          { class: 'modal-head' },
          stackSize > 1
            ? h(
                'button',
                { class: 'icon-button', 'data-testid': 'modal-back', 'aria-label': 'Back', onclick: close },
                '←',
              )
            : null,
          h('h2', { 'data-testid': 'modal-title' }, plain(d.title, '')),
          h('button', { class: 'icon-button', 'aria-label': 'Close modal', onclick: close }, '✕'),
        ),
        h(
          'form',
          {
            class: 'modal-body',
            onsubmit: (e) => {
              e.preventDefault();
              void submit();
            },
          },
          view.connectionError
            ? h('div', { class: 'modal-banner', role: 'alert', 'data-testid': 'modal-banner' }, view.connectionError)
            : null,
          renderBlocks(d.blocks, blockContext({ surface: 'modal', viewId: view.id, errors })),
        ),
        h(
          'div',
          { class: 'modal-foot' },
          h('button', { class: 'sk-button', 'data-testid': 'modal-close', onclick: close }, plain(d.close, 'Cancel')),
          d.submit
            ? h(
                'button',
                { class: 'sk-button primary', 'data-testid': 'modal-submit', onclick: submit },
                plain(d.submit, 'Submit'),
              )
            : null,
        ),
      ),
    ),
  );
}
