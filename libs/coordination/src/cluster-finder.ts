import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';

/** One weighted, undirected edge between two account ids. */
export interface WeightedEdge {
  a: string;
  b: string;
  w: number;
}

// Edge density (share of possible pairs present) at or above which a component is one group.
const DENSE = 0.5;

// Seeded generator for Louvain's node order, so a replay of the same file yields the same clusters.
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Splits a weighted account graph into communities: connected components first (cheap, and Louvain never
 * merges across them), then graphology's Louvain inside each component larger than `minSize`.
 * Communities smaller than `minSize` are dropped. Deterministic for a given `seed`.
 */
export function findCommunities(
  edges: readonly WeightedEdge[],
  minSize: number,
  resolution = 1,
  seed = 1,
): string[][] {
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const e of edges) {
    if (e.a === e.b) continue;
    if (!graph.hasNode(e.a)) graph.addNode(e.a);
    if (!graph.hasNode(e.b)) graph.addNode(e.b);
    if (graph.hasEdge(e.a, e.b)) continue;
    graph.addEdge(e.a, e.b, { weight: e.w });
  }
  const out: string[][] = [];
  const seen = new Set<string>();
  graph.forEachNode((start) => {
    if (seen.has(start)) return;
    const component: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const node = stack.pop() as string;
      component.push(node);
      graph.forEachNeighbor(node, (next) => {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      });
    }
    if (component.length < minSize) return;
    // Small or dense components are one group; Louvain only splits sparse ones that could hold several.
    let degreeSum = 0;
    for (const node of component) degreeSum += graph.degree(node);
    const density = degreeSum / (component.length * (component.length - 1));
    if (component.length < 2 * minSize || density >= DENSE) {
      out.push(component.sort());
      return;
    }
    const sub = new Graph({ type: 'undirected' });
    for (const node of component) sub.addNode(node);
    for (const node of component) {
      graph.forEachEdge(node, (_edge, attrs, source, target) => {
        if (source === node && !sub.hasEdge(source, target)) sub.addEdge(source, target, attrs);
      });
    }
    const communities = louvain(sub, {
      resolution,
      rng: mulberry32(seed),
      getEdgeWeight: 'weight',
    });
    const groups = new Map<number, string[]>();
    for (const node of component) {
      const c = communities[node] ?? -1;
      const group = groups.get(c);
      if (group === undefined) groups.set(c, [node]);
      else group.push(node);
    }
    for (const group of groups.values()) if (group.length >= minSize) out.push(group.sort());
  });
  return out;
}
