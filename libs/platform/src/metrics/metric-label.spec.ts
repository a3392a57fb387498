import { aSyntheticCpr } from '@overblik/domain';
import { clientLabel } from './metric-label';

describe('clientLabel', () => {
  const cpr = aSyntheticCpr(44);
  it.each<[string, unknown, string]>([
    ['a client id', 'mitoverblik-orchestration', 'mitoverblik-orchestration'],
    ['a CPR number', cpr, 'invalid'],
    ['an id that holds one', `client-${cpr.slice(0, 6)}-${cpr.slice(6)}`, 'invalid'],
    ['a path', '/v1/overview', 'invalid'],
    ['a number', 7, 'invalid'],
  ])('labels %s as %p', (_name, value, label) => {
    expect(clientLabel(value)).toBe(label);
  });
});
