import { describe, expect, it } from 'vitest';
import { scopeCustomers } from '../../workers/handlers/sql/overview.ts';

const rfm = { customerIds: ['a', 'b', 'c', 'd', 'e'] };
const segments = { codes: Int32Array.from([0, 1, 0, 2, 1]), names: ['Champions', 'At Risk', 'Others'], counts: [2, 2, 1], warnings: [] };
const clusterLabels = Int32Array.from([1, 0, 0, 1, 2]);

describe('the Overview scope: which customers a segment or cluster holds', () => {
  it('all customers: no filter', () => {
    expect(scopeCustomers({ kind: 'all' }, rfm, {})).toBeUndefined();
  });

  it('a segment by name, a cluster numbered from 1 (label 0 is cluster 1)', () => {
    expect(scopeCustomers({ kind: 'segment', segment: 'At Risk' }, rfm, { segments })).toEqual(['b', 'e']);
    expect(scopeCustomers({ kind: 'segment', segment: 'Others' }, rfm, { segments })).toEqual(['d']);
    expect(scopeCustomers({ kind: 'cluster', cluster: 1 }, rfm, { clusterLabels, k: 3 })).toEqual(['b', 'c']);
    expect(scopeCustomers({ kind: 'cluster', cluster: 3 }, rfm, { clusterLabels, k: 3 })).toEqual(['e']);
  });

  it('an unknown segment or cluster is refused, naming those that exist', () => {
    expect(() => scopeCustomers({ kind: 'segment', segment: 'Lost' }, rfm, { segments })).toThrow('no segment "Lost"; segments are Champions, At Risk, Others');
    expect(() => scopeCustomers({ kind: 'cluster', cluster: 4 }, rfm, { clusterLabels, k: 3 })).toThrow('no cluster 4; clusters are 1 to 3');
    expect(() => scopeCustomers({ kind: 'cluster', cluster: 1 }, rfm, {})).toThrow('a cluster scope needs clustering');
  });
});
