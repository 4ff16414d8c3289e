import { RoutingTree } from './routing-tree';

describe(RoutingTree.name, () => {
  const tree = new RoutingTree({
    receiver: 'dashboard',
    groupBy: ['term'],
    groupWait: 10_000,
    routes: [
      {
        receiver: 'desks',
        matchers: [{ name: 'severity', op: '=', value: 'critical' }],
        continue: true,
        groupWait: 0,
        routes: [{ receiver: 'slack', matchers: [{ name: 'term', op: '=~', value: '#leak.*' }] }],
      },
      { receiver: 'hook', matchers: [{ name: 'kind', op: '!=', value: 'forecast' }] },
    ],
  });

  it.each([
    [{ severity: 'critical', term: '#leaked', kind: 'velocity' }, ['0.0.0:slack', '0.1:hook']],
    [{ severity: 'critical', term: '#news', kind: 'velocity' }, ['0.0:desks', '0.1:hook']],
    [{ severity: 'warning', term: '#news', kind: 'velocity' }, ['0.1:hook']],
    [{ severity: 'warning', term: '#news', kind: 'forecast' }, ['0:dashboard']],
  ])('routes %j to %j', (labels, expected) => {
    expect(tree.match(labels).map((r) => `${r.id}:${r.receiver}`)).toEqual(expected);
  });

  it('inherits unset timing and grouping from the parent', () => {
    const [slack] = tree.match({ severity: 'critical', term: '#leaked' });
    expect(slack).toMatchObject({ groupBy: ['term'], groupWait: 0, groupInterval: 300_000 });
  });

  it.each([
    [{}, /needs a receiver/],
    [
      { receiver: 'a', matchers: [{ name: 'a', op: '=' as const, value: 'b' }] },
      /matches everything/,
    ],
    [
      { receiver: 'a', routes: [{ matchers: [{ name: 'a', op: '=~' as const, value: '[' }] }] },
      /invalid regular/,
    ],
  ])('rejects %j', (config, message) => {
    expect(() => new RoutingTree(config)).toThrow(message);
  });
});
