import { describe, expect, it } from 'vitest';
import { prefillFromAlert } from '../../../src/executions/prefill.js';

const v = (name: string, extra: { from?: string; pattern?: string; allowMetacharacters?: boolean } = {}) => ({
  name,
  from: extra.from ?? null,
  pattern: extra.pattern ?? null,
  allowMetacharacters: extra.allowMetacharacters ?? false,
});

describe('variables filled in from the alert', () => {
  const alert = {
    service: 'payments-api',
    labels: { namespace: 'payments', pod: 'api-7d9f8c6b5-x2k4q', instance: '10.0.0.7:9100', team: 'pay; rm -rf /' },
  };

  it('takes common label names, strips a port for hosts and nodes, and says where each came from', () => {
    expect(prefillFromAlert([v('NAMESPACE'), v('POD_NAME'), v('NODE'), v('INSTANCE'), v('SERVICE')], alert)).toEqual({
      NAMESPACE: { value: 'payments', source: 'the alert’s `namespace` label' },
      POD_NAME: { value: 'api-7d9f8c6b5-x2k4q', source: 'the alert’s `pod` label' },
      INSTANCE: { value: '10.0.0.7:9100', source: 'the alert’s `instance` label' },
      SERVICE: { value: 'payments-api', source: 'the alert’s service' },
    });
  });

  it('follows the runbook’s own from:, and never offers a value its checks would refuse', () => {
    expect(prefillFromAlert([v('OWNER', { from: 'label.team' })], alert)).toEqual({});
    expect(prefillFromAlert([v('NS', { from: 'label.namespace', pattern: '^pay.*' })], alert)).toEqual({
      NS: { value: 'payments', source: 'the alert’s `namespace` label' },
    });
    expect(prefillFromAlert([v('NAMESPACE', { pattern: '^kube-.*' })], alert)).toEqual({});
  });

  it('offers nothing without an alert or a matching label', () => {
    expect(prefillFromAlert([v('NAMESPACE')], null)).toEqual({});
    expect(prefillFromAlert([v('REPLICAS')], alert)).toEqual({});
  });
});
