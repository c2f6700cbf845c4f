import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { typedConfirmModal } from '../../../blocks/modals.js';

const step = {
  stepId: '11111111-2222-4333-8444-555555555555',
  binding: 'b'.repeat(64),
  title: 'Delete the scratch directory',
  command: 'find /tmp/runbook-copilot-hello -delete',
  target: '/tmp/runbook-copilot-hello',
  rollback: false,
};

describe('the 🔴 typed-confirmation modal', () => {
  it('promises a run only when the command will run', () => {
    const real = typedConfirmModal(step) as ModalView;
    expect(real.submit?.text).toBe('Run it');
    expect(JSON.stringify(real.blocks)).not.toContain('dry run');
    const dry = typedConfirmModal({ ...step, dryRun: true }) as ModalView;
    expect(dry.submit?.text).toBe('Confirm (dry run)');
    expect(JSON.stringify(dry.blocks)).toContain('🧪 dry run: it is shown, not executed');
  });
});
