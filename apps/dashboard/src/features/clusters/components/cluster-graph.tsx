import Graph from 'graphology';
import circular from 'graphology-layout/circular';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { useEffect, useMemo, useRef, useState } from 'react';
import type Sigma from 'sigma';

import type { ClusterAccountView, ClusterEdgeView } from '../api/clusters-api';

export interface ClusterGraphProps {
  accounts: readonly ClusterAccountView[];
  edges: readonly ClusterEdgeView[];
  height?: number;
}

/** Which renderer drew the network: sigma on WebGL, or the SVG fallback when WebGL is missing. */
export type ClusterGraphRenderer = 'webgl' | 'svg';

// Bot-likeness at or above which a node is drawn in the critical colour.
const BOT_LIKE = 0.6;

// Colours come from the theme's CSS variables (sigma draws on WebGL and needs concrete values).
const cssVar = (name: string, element: Element): string =>
  getComputedStyle(element).getPropertyValue(name).trim() || 'gray';

const numberAttr = (value: unknown, fallback = 0): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Builds the co-action graph: nodes sized by bot-likeness, edges weighted by shared actions. */
export const buildClusterGraph = (
  accounts: readonly ClusterAccountView[],
  edges: readonly ClusterEdgeView[],
): Graph => {
  const graph = new Graph({ type: 'undirected', multi: false });
  for (const account of accounts) {
    if (graph.hasNode(account.id)) continue;
    graph.addNode(account.id, {
      label: account.handle ?? account.id,
      // Pixels: 3 (not bot-like) to 8 (certainly), small enough that labels stay readable.
      size: 3 + 5 * (account.botLikeness ?? 0.3),
      botLikeness: account.botLikeness ?? 0,
    });
  }
  for (const edge of edges) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target) || edge.source === edge.target)
      continue;
    if (graph.hasEdge(edge.source, edge.target)) continue;
    graph.addEdge(edge.source, edge.target, {
      size: Math.min(4, 0.5 + (edge.weight ?? 1) / 4),
      weight: edge.weight ?? 1,
    });
  }
  return graph;
};

/** Positions nodes: a circle, then ForceAtlas2 pulls linked accounts together. */
export const layoutClusterGraph = (graph: Graph): Graph => {
  circular.assign(graph);
  // A few hundred iterations settle clusters of up to a few hundred accounts in a few ms.
  if (graph.size > 0)
    forceAtlas2.assign(graph, {
      iterations: 200,
      getEdgeWeight: 'weight',
      settings: forceAtlas2.inferSettings(graph),
    });
  return graph;
};

/** True when the browser can hand out a WebGL context (headless Chromium needs SwiftShader for it). */
export const webglAvailable = (): boolean => {
  if (typeof document === 'undefined') return false;
  try {
    const canvas = document.createElement('canvas');
    return (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) !== null;
  } catch {
    return false;
  }
};

interface SvgNode {
  id: string;
  label: string;
  x: number;
  y: number;
  r: number;
  botLike: boolean;
}

interface SvgEdge {
  key: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
}

// SVG user units; the picture scales to the box's width.
const SVG_SIZE = 600;
const SVG_PAD = 24;

/** Maps the laid-out graph into the SVG box, keeping its aspect ratio. */
export const svgScene = (graph: Graph): { nodes: SvgNode[]; edges: SvgEdge[] } => {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  graph.forEachNode((_node, a) => {
    const x = numberAttr(a['x']);
    const y = numberAttr(a['y']);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  const span = Math.max(maxX - minX, maxY - minY, 1e-9);
  const scale = (SVG_SIZE - 2 * SVG_PAD) / span;
  const offX = (SVG_SIZE - (maxX - minX) * scale) / 2;
  const offY = (SVG_SIZE - (maxY - minY) * scale) / 2;
  const position = new Map<string, { x: number; y: number }>();
  const nodes: SvgNode[] = [];
  graph.forEachNode((node, a) => {
    // SVG y grows downwards; sigma's grows upwards, so flip to draw the same picture.
    const x = offX + (numberAttr(a['x']) - minX) * scale;
    const y = SVG_SIZE - (offY + (numberAttr(a['y']) - minY) * scale);
    position.set(node, { x, y });
    nodes.push({
      id: node,
      label: typeof a['label'] === 'string' ? a['label'] : node,
      x,
      y,
      r: numberAttr(a['size'], 5) * 1.2,
      botLike: numberAttr(a['botLikeness']) >= BOT_LIKE,
    });
  });
  const edges: SvgEdge[] = [];
  graph.forEachEdge((edge, a, source, target) => {
    const s = position.get(source);
    const t = position.get(target);
    if (s === undefined || t === undefined) return;
    edges.push({ key: edge, x1: s.x, y1: s.y, x2: t.x, y2: t.y, width: numberAttr(a['size'], 1) });
  });
  return { nodes, edges };
};

const SvgClusterGraph = ({ graph, height }: { graph: Graph; height: number }) => {
  const scene = useMemo(() => svgScene(graph), [graph]);
  return (
    <svg
      className="cluster-graph__svg"
      viewBox={`0 0 ${SVG_SIZE} ${SVG_SIZE}`}
      preserveAspectRatio="xMidYMid meet"
      style={{ height }}
      aria-hidden="true"
    >
      <g className="cluster-graph__edges">
        {scene.edges.map((e) => (
          <line key={e.key} x1={e.x1} y1={e.y1} x2={e.x2} y2={e.y2} strokeWidth={e.width} />
        ))}
      </g>
      <g>
        {scene.nodes.map((n) => (
          <circle
            key={n.id}
            cx={n.x}
            cy={n.y}
            r={n.r}
            className={n.botLike ? 'cluster-graph__node is-bot-like' : 'cluster-graph__node'}
          >
            <title>{n.label}</title>
          </circle>
        ))}
      </g>
    </svg>
  );
};

/**
 * The coordinated group as a network: sigma.js on WebGL, or the same laid-out graphology graph drawn as SVG
 * when the browser has no WebGL (locked-down VMs, headless browsers without SwiftShader).
 */
export const ClusterGraph = ({ accounts, edges, height = 360 }: ClusterGraphProps) => {
  const container = useRef<HTMLDivElement>(null);
  const graph = useMemo(
    () => layoutClusterGraph(buildClusterGraph(accounts, edges)),
    [accounts, edges],
  );
  const [renderer, setRenderer] = useState<ClusterGraphRenderer>(() =>
    webglAvailable() ? 'webgl' : 'svg',
  );

  useEffect(() => {
    const element = container.current;
    if (renderer !== 'webgl' || element === null || graph.order === 0) return undefined;
    const high = cssVar('--severity-critical', element);
    const low = cssVar('--chart-rate', element);
    const edgeColor = cssVar('--chart-axis', element);
    graph.forEachEdge((edge) => graph.setEdgeAttribute(edge, 'color', edgeColor));
    graph.forEachNode((node, attributes) => {
      graph.setNodeAttribute(
        node,
        'color',
        numberAttr(attributes['botLikeness']) >= BOT_LIKE ? high : low,
      );
    });
    let sigma: Sigma | undefined;
    let cancelled = false;
    // Loaded on demand: sigma touches WebGL globals at import and is the page's largest dependency.
    import('sigma')
      .then(({ Sigma: SigmaRenderer, DEFAULT_STYLES }) => {
        if (cancelled) return;
        // Extend (not replace) the default styles: they bind x, y, size and colour to the attributes.
        sigma = new SigmaRenderer(graph, element, {
          styles: {
            nodes: { ...DEFAULT_STYLES.nodes, labelColor: cssVar('--color-text', element) },
            edges: DEFAULT_STYLES.edges,
          },
          settings: { labelRenderedSizeThreshold: 8 },
        });
      })
      .catch(() => {
        // WebGL present but unusable (context lost, blocklisted driver): draw the SVG instead.
        if (!cancelled) setRenderer('svg');
      });
    return () => {
      cancelled = true;
      sigma?.kill();
    };
  }, [graph, renderer]);

  return (
    <figure
      className="cluster-graph"
      data-testid="cluster-graph"
      data-nodes={graph.order}
      data-edges={graph.size}
      data-renderer={renderer}
    >
      <figcaption className="visually-hidden">
        Network of {graph.order} accounts and {graph.size} co-action links; red nodes are the most
        bot-like. The account table lists the same accounts.
      </figcaption>
      {renderer === 'svg' ? (
        <SvgClusterGraph graph={graph} height={height} />
      ) : (
        <div ref={container} className="cluster-graph__canvas" style={{ height }} />
      )}
      <p className="cluster-graph__legend muted">
        <span className="cluster-graph__swatch is-bot-like" aria-hidden="true" /> bot-likeness ≥{' '}
        {BOT_LIKE * 100}% <span className="cluster-graph__swatch" aria-hidden="true" /> lower · line
        width = co-action weight
      </p>
      {graph.order > 0 && graph.size === 0 ? (
        <p className="muted">No co-action links were stored for this group.</p>
      ) : null}
    </figure>
  );
};
