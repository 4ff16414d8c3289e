import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import {
  buildClusterGraph,
  ClusterGraph,
  layoutClusterGraph,
  svgScene,
  webglAvailable,
} from './cluster-graph';

const accounts = [
  { id: 'a', handle: 'alpha', botLikeness: 0.9 },
  { id: 'b', handle: 'beta', botLikeness: 0.2 },
  { id: 'c' },
];

describe(buildClusterGraph.name, () => {
  it.each([
    ['a link between members', { source: 'a', target: 'b', weight: 5 }, 1],
    ['a link to a non-member', { source: 'a', target: 'zz', weight: 5 }, 0],
    ['a self-link', { source: 'a', target: 'a', weight: 5 }, 0],
  ])('keeps %s only when both ends are distinct members', (_name, edge, expected) => {
    const graph = buildClusterGraph(accounts, [edge]);

    expect(graph.order).toBe(3);
    expect(graph.size).toBe(expected);
  });

  it('keeps one link per pair whichever way it is listed', () => {
    const graph = buildClusterGraph(accounts, [
      { source: 'a', target: 'b', weight: 5 },
      { source: 'b', target: 'a', weight: 2 },
    ]);

    expect(graph.size).toBe(1);
  });
});

describe(svgScene.name, () => {
  it('fits every node inside the box and draws each link between its ends', () => {
    const graph = layoutClusterGraph(
      buildClusterGraph(accounts, [
        { source: 'a', target: 'b', weight: 5 },
        { source: 'b', target: 'c', weight: 1 },
      ]),
    );

    const scene = svgScene(graph);

    expect(scene.nodes).toHaveLength(3);
    expect(scene.edges).toHaveLength(2);
    for (const n of scene.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.x).toBeLessThanOrEqual(600);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeLessThanOrEqual(600);
    }
    expect(scene.nodes.find((n) => n.id === 'a')?.botLike).toBe(true);
    expect(scene.nodes.find((n) => n.id === 'b')?.botLike).toBe(false);
  });
});

describe(ClusterGraph.name, () => {
  afterEach(cleanup);

  it('draws the network as SVG when the browser has no WebGL', () => {
    expect(webglAvailable()).toBe(false);

    const { container } = render(
      <ClusterGraph accounts={accounts} edges={[{ source: 'a', target: 'b', weight: 3 }]} />,
    );

    const figure = screen.getByTestId('cluster-graph');
    expect(figure.dataset['renderer']).toBe('svg');
    expect(figure.dataset['edges']).toBe('1');
    expect(container.querySelectorAll('circle')).toHaveLength(3);
    expect(container.querySelectorAll('line')).toHaveLength(1);
  });

  it('says so when a group has no stored links', () => {
    render(<ClusterGraph accounts={accounts} edges={[]} />);

    expect(screen.getByText('No co-action links were stored for this group.')).toBeTruthy();
  });
});
