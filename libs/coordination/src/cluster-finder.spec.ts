import { findCommunities, type WeightedEdge } from './cluster-finder';

function clique(prefix: string, n: number, w: number): WeightedEdge[] {
  const out: WeightedEdge[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) out.push({ a: `${prefix}${i}`, b: `${prefix}${j}`, w });
  return out;
}

describe(findCommunities.name, () => {
  it('splits two dense groups joined by one weak edge, deterministically', () => {
    const edges = [...clique('a', 8, 5), ...clique('b', 8, 5), { a: 'a0', b: 'b0', w: 0.5 }];
    const first = findCommunities(edges, 3);
    expect(first.map((c) => c.length).sort()).toEqual([8, 8]);
    expect(findCommunities(edges, 3)).toEqual(first);
  });

  it('drops groups smaller than minSize', () => {
    expect(findCommunities([{ a: 'x', b: 'y', w: 9 }], 3)).toEqual([]);
  });
});
