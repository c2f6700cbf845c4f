// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is runbook syntax under test, not a template.
import { describe, expect, it } from 'vitest';
import {
  quoteContextAt,
  substituteVariables,
  validateVariableValue,
  variablesIn,
} from '../../../src/executions/variables.js';

const rules = [
  { name: 'NAMESPACE', allowMetacharacters: false },
  { name: 'pod-name', allowMetacharacters: false },
  { name: 'QUERY', allowMetacharacters: true },
  { name: 'svc', allowMetacharacters: false },
];

describe('variables', () => {
  it('finds each syntax once, in order of use, and only known names', () => {
    expect(
      variablesIn('kubectl -n $NAMESPACE logs <pod-name> ${NAMESPACE} {{ svc }} $HOME', [
        'NAMESPACE',
        'pod-name',
        'svc',
      ]),
    ).toEqual(['NAMESPACE', 'pod-name', 'svc']);
  });

  it('substitutes plain values as they are, in every syntax', () => {
    const cmd = substituteVariables(
      'kubectl -n $NAMESPACE delete pod <pod-name> # {{svc}} ${NAMESPACE}',
      { NAMESPACE: 'payments', 'pod-name': 'api-7d9f-x2', svc: 'api' },
      rules,
    );
    expect(cmd).toBe('kubectl -n payments delete pod api-7d9f-x2 # api payments');
  });

  it('refuses shell metacharacters unless the runbook allows them', () => {
    expect(() => substituteVariables('kubectl -n $NAMESPACE get pods', { NAMESPACE: 'prod; rm -rf /' }, rules)).toThrow(
      /NAMESPACE may only contain/,
    );
    expect(validateVariableValue(rules[0]!, '$(id)')).toMatch(/found "\$"/);
    expect(validateVariableValue(rules[0]!, 'a b')).toMatch(/found " "/);
    expect(validateVariableValue(rules[0]!, '')).toMatch(/needs a value/);
    expect(validateVariableValue(rules[2]!, 'line1\nline2')).toMatch(/single line/);
  });

  it('quotes allowed metacharacters for the context they land in, so they stay one word', () => {
    expect(substituteVariables('psql -c $QUERY', { QUERY: "select 'a'; -- x" }, rules)).toBe(
      `psql -c 'select '\\''a'\\''; -- x'`,
    );
    expect(substituteVariables('psql -c "$QUERY"', { QUERY: 'select $1 "x" `id`' }, rules)).toBe(
      'psql -c "select \\$1 \\"x\\" \\`id\\`"',
    );
  });

  it('holds a value to the pattern the runbook gave, in full', () => {
    const rule = { name: 'NAMESPACE', allowMetacharacters: false, pattern: '[a-z0-9-]+' };
    expect(validateVariableValue(rule, 'payments-prod')).toBeNull();
    expect(validateVariableValue(rule, 'Payments_Prod')).toBe("NAMESPACE must match the runbook's pattern [a-z0-9-]+");
    expect(validateVariableValue(rule, 'payments\u0000')).not.toBeNull();
    expect(validateVariableValue({ ...rule, pattern: '(' }, 'anything')).toMatch(/must match/);
  });

  it('fails clearly when a value is missing', () => {
    expect(() => substituteVariables('echo $NAMESPACE', {}, rules)).toThrow('No value for NAMESPACE');
  });

  it('tracks quote context through escapes', () => {
    expect(quoteContextAt(`a "b \\" c`, 9)).toBe('double');
    expect(quoteContextAt(`a 'b " c' `, 10)).toBe('none');
    expect(quoteContextAt(`a 'b`, 4)).toBe('single');
  });
});
