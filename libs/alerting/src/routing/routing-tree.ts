import type { Alert, RouteConfig } from '@spreadwatch/contracts';

import { type CompiledMatcher, compileMatcher, matchesAll } from './matchers';

/** Alertmanager's defaults: 30 s to gather a group, 5 min between its updates, 4 h before repeating. */
export const DEFAULT_ROUTE_TIMING = Object.freeze({
  groupWait: 30_000,
  groupInterval: 300_000,
  repeatInterval: 4 * 3_600_000,
});

/** A route with everything inherited resolved: what the dispatcher needs to group and time a notification. */
export interface ResolvedRoute {
  /** Stable path id (`0`, `0.1`, `0.1.0`): part of every group key. */
  readonly id: string;
  readonly receiver: string;
  readonly groupBy: readonly string[];
  /** Group by every label (`...`). */
  readonly groupByAll: boolean;
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
}

interface Node extends ResolvedRoute {
  readonly matchers: readonly CompiledMatcher[];
  readonly continue: boolean;
  readonly children: readonly Node[];
}

/** The labels routing and silences see: the alert's labels plus its severity, kind and term. */
export function routingLabels(
  alert: Pick<Alert, 'labels' | 'severity' | 'kind' | 'term'>,
): Record<string, string> {
  const labels: Record<string, string> = {
    ...alert.labels,
    severity: alert.severity,
    kind: alert.kind,
  };
  if (alert.term !== undefined) labels['term'] = alert.term;
  return labels;
}

/**
 * Alertmanager's routing tree: an alert descends into the first child whose matchers match; with
 * `continue: true` on that child it also tries the following siblings. A node none of whose children
 * match is the match itself. The root matches everything and must name a receiver.
 */
export class RoutingTree {
  private readonly root: Node;

  constructor(config: RouteConfig) {
    if (config.receiver === undefined)
      throw new RangeError('route: the root route needs a receiver');
    if (config.matchers !== undefined && config.matchers.length > 0) {
      throw new RangeError('route: the root route matches everything and takes no matchers');
    }
    this.root = build(config, '0', undefined);
  }

  /** The routes an alert's labels end at, in tree order, each once. */
  match(labels: Readonly<Record<string, string>>): ResolvedRoute[] {
    const out: ResolvedRoute[] = [];
    collect(this.root, labels, out);
    return out;
  }

  /** Every receiver the tree can send to. */
  receivers(): Set<string> {
    const names = new Set<string>();
    const walk = (n: Node): void => {
      names.add(n.receiver);
      n.children.forEach(walk);
    };
    walk(this.root);
    return names;
  }
}

function build(config: RouteConfig, id: string, parent: Node | undefined): Node {
  const groupBy = config.groupBy ?? parent?.groupBy ?? [];
  const receiver = config.receiver ?? parent?.receiver;
  if (receiver === undefined) throw new RangeError(`route ${id}: no receiver`);
  const node: Omit<Node, 'children'> & { children: Node[] } = {
    id,
    receiver,
    groupBy: groupBy.filter((name) => name !== '...'),
    groupByAll: groupBy.includes('...'),
    groupWait: config.groupWait ?? parent?.groupWait ?? DEFAULT_ROUTE_TIMING.groupWait,
    groupInterval:
      config.groupInterval ?? parent?.groupInterval ?? DEFAULT_ROUTE_TIMING.groupInterval,
    repeatInterval:
      config.repeatInterval ?? parent?.repeatInterval ?? DEFAULT_ROUTE_TIMING.repeatInterval,
    matchers: (config.matchers ?? []).map(compileMatcher),
    continue: config.continue ?? false,
    children: [],
  };
  if (node.groupInterval <= 0) throw new RangeError(`route ${id}: groupInterval must be > 0`);
  if (node.repeatInterval <= 0) throw new RangeError(`route ${id}: repeatInterval must be > 0`);
  (config.routes ?? []).forEach((child, i) => node.children.push(build(child, `${id}.${i}`, node)));
  return node;
}

function collect(
  node: Node,
  labels: Readonly<Record<string, string>>,
  out: ResolvedRoute[],
): boolean {
  if (!matchesAll(node.matchers, labels)) return false;
  let matchedChild = false;
  for (const child of node.children) {
    if (!collect(child, labels, out)) continue;
    matchedChild = true;
    if (!child.continue) break;
  }
  if (!matchedChild) out.push(node);
  return true;
}
