import { describe, expect, it } from 'vitest';
import { RunpodError } from './errors.js';
import { buildQuery, fillPath } from './path.js';

describe('fillPath', () => {
  it('encodes every parameter as one segment', () => {
    expect(fillPath('/pods/{id}/action', { id: 'a/b?c#d' })).toBe('/pods/a%2Fb%3Fc%23d/action');
    expect(fillPath('/catalog/gpus/{id}', { id: 'NVIDIA GeForce RTX 4090' })).toBe(
      '/catalog/gpus/NVIDIA%20GeForce%20RTX%204090',
    );
  });

  it.each(['', '.', '..'])('refuses %j, which would address another route', (id) => {
    expect(() => fillPath('/pods/{id}', { id })).toThrow(RunpodError);
  });
});

describe('buildQuery', () => {
  it('serialises as the spec declares (form, explode: false)', () => {
    expect(
      buildQuery({
        include: ['AVAILABILITY'],
        product: ['POD', 'SERVERLESS'],
        includeClusterPods: false,
        lastN: 3,
        startTime: new Date('2026-06-01T00:00:00Z'),
        podId: undefined,
        empty: [],
      }),
    ).toBe(
      '?include=AVAILABILITY&product=POD%2CSERVERLESS&includeClusterPods=false&lastN=3&startTime=2026-06-01T00%3A00%3A00.000Z',
    );
    expect(buildQuery(undefined)).toBe('');
  });
});
