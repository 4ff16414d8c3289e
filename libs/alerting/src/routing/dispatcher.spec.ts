import type { Alert, InhibitRule, RouteConfig, Severity } from '@spreadwatch/contracts';
import { ManualClock } from '@spreadwatch/scoring';

import { fingerprint } from '../fingerprint';
import { Dispatcher } from './dispatcher';
import { Inhibitor } from './inhibitor';
import { routingLabels, RoutingTree } from './routing-tree';
import { SilenceSet, type SilenceSpec } from './silences';
import { DedupStage, InMemoryNotificationLog, MuteStage } from './stages';

const S = 1_000;
const M = 60 * S;

function alert(
  term: string,
  severity: Severity,
  status: 'firing' | 'resolved' = 'firing',
  ack = false,
): Alert {
  const labels = {
    alertname: severity === 'critical' ? 'Critical' : 'TermVelocity',
    kind: 'velocity',
    term,
  };
  return {
    id: `${term}-${severity}`,
    fingerprint: fingerprint(labels),
    seq: 0,
    kind: 'velocity',
    status,
    severity,
    labels,
    term,
    score: 10,
    firedAt: '2026-03-01T12:00:00.000Z',
    resolvedAt: status === 'resolved' ? '2026-03-01T12:30:00.000Z' : null,
    summary: `${term} spreads`,
    evidence: {},
    ...(ack
      ? {
          lifecycle: {
            state: 'acknowledged' as const,
            assignee: null,
            updatedBy: 'ana',
            updatedAt: null,
          },
        }
      : {}),
  };
}

type Event =
  | { at: number; alert: Alert }
  | { at: number; silence: Omit<SilenceSpec, 'createdBy' | 'comment'> }
  | { at: number; expireSilence: string };

/** What a receiver got and when: `firing`/`resolved` list terms (with `!` for critical). */
interface Seen {
  at: number;
  receiver: string;
  firing: string[];
  resolved: string[];
  repeat?: boolean;
}

interface Case {
  name: string;
  route: RouteConfig;
  inhibit?: InhibitRule[];
  events: Event[];
  until: number;
  expected: Seen[];
}

const label = (a: Alert): string => `${a.term ?? ''}${a.severity === 'critical' ? '!' : ''}`;

/** Plays a timeline second by second on a manual clock and returns every notification with its time. */
function play(c: Case): Seen[] {
  const clock = new ManualClock(0);
  const silences = new SilenceSet();
  const inhibitor = new Inhibitor(c.inhibit ?? []);
  const nflog = new InMemoryNotificationLog();
  const dispatcher = new Dispatcher({
    tree: new RoutingTree(c.route),
    clock,
    stages: () => [
      new MuteStage(inhibitor, 'inhibited'),
      new MuteStage(silences, 'silenced'),
      new DedupStage(nflog),
    ],
  });
  const seen: Seen[] = [];
  const events = [...c.events].sort((a, b) => a.at - b.at);
  for (let t = 0; t <= c.until; t += S) {
    clock.set(t);
    for (const e of events.filter((x) => x.at === t)) {
      if ('alert' in e) {
        inhibitor.observe(e.alert.fingerprint, routingLabels(e.alert), e.alert.status === 'firing');
        dispatcher.receive(e.alert);
      } else if ('silence' in e) {
        silences.upsert({ ...e.silence, createdBy: 'ana', comment: 'test' });
      } else {
        silences.expire(e.expireSilence, t);
      }
    }
    silences.expireDue(t);
    const next = dispatcher.nextFlushAt();
    if (next === null || next > t) continue;
    for (const n of dispatcher.flushDue().notifications) {
      seen.push({
        at: t,
        receiver: n.receiver,
        firing: n.firing.map(label).sort(),
        resolved: n.resolved.map(label).sort(),
        ...(n.repeat ? { repeat: true } : {}),
      });
    }
  }
  return seen;
}

const timing = { groupWait: 30 * S, groupInterval: 5 * M, repeatInterval: 60 * M };

const cases: Case[] = [
  {
    name: 'group_wait gathers alerts that arrive together into one notification',
    route: { receiver: 'desk', groupBy: ['kind'], ...timing },
    events: [
      { at: 0, alert: alert('#a', 'warning') },
      { at: 10 * S, alert: alert('#b', 'warning') },
    ],
    until: 40 * S,
    expected: [{ at: 30 * S, receiver: 'desk', firing: ['#a', '#b'], resolved: [] }],
  },
  {
    name: 'group_interval holds a new alert in a flushed group until the next interval',
    route: { receiver: 'desk', groupBy: ['kind'], ...timing },
    events: [
      { at: 0, alert: alert('#a', 'warning') },
      { at: 60 * S, alert: alert('#b', 'warning') },
    ],
    until: 6 * M,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a'], resolved: [] },
      { at: 30 * S + 5 * M, receiver: 'desk', firing: ['#a', '#b'], resolved: [] },
    ],
  },
  {
    name: 'repeat_interval: an unchanged group is re-sent only after an hour, on a group_interval tick',
    route: { receiver: 'desk', groupBy: ['kind'], ...timing },
    events: [{ at: 0, alert: alert('#a', 'warning') }],
    until: 70 * M,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a'], resolved: [] },
      { at: 30 * S + 60 * M, receiver: 'desk', firing: ['#a'], resolved: [], repeat: true },
    ],
  },
  {
    name: 'a resolution goes out at the next interval and ends the group',
    route: { receiver: 'desk', groupBy: ['term'], ...timing },
    events: [
      { at: 0, alert: alert('#a', 'warning') },
      { at: 2 * M, alert: alert('#a', 'warning', 'resolved') },
    ],
    until: 20 * M,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a'], resolved: [] },
      { at: 30 * S + 5 * M, receiver: 'desk', firing: [], resolved: ['#a'] },
    ],
  },
  {
    name: 'group_by splits terms into separate groups with their own timers',
    route: { receiver: 'desk', groupBy: ['term'], ...timing },
    events: [
      { at: 0, alert: alert('#a', 'warning') },
      { at: 10 * S, alert: alert('#b', 'warning') },
    ],
    until: 60 * S,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a'], resolved: [] },
      { at: 40 * S, receiver: 'desk', firing: ['#b'], resolved: [] },
    ],
  },
  {
    name: 'routing: first matching child wins; continue lets a second receiver get it too',
    route: {
      receiver: 'dashboard',
      groupBy: ['term'],
      ...timing,
      routes: [
        {
          receiver: 'pager',
          matchers: [{ name: 'severity', op: '=', value: 'critical' }],
          continue: true,
        },
        { receiver: 'desk', matchers: [{ name: 'term', op: '=~', value: '#(a|b)' }] },
        { receiver: 'never', matchers: [{ name: 'term', op: '=~', value: '#.*' }] },
      ],
    },
    events: [
      { at: 0, alert: alert('#a', 'critical') },
      { at: 0, alert: alert('#z', 'warning') },
    ],
    until: 40 * S,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a!'], resolved: [] },
      { at: 30 * S, receiver: 'never', firing: ['#z'], resolved: [] },
      { at: 30 * S, receiver: 'pager', firing: ['#a!'], resolved: [] },
    ],
  },
  {
    name: 'a silence mutes matching alerts; when it ends they go out at once at the next tick (#2896)',
    route: { receiver: 'desk', groupBy: ['term'], ...timing },
    events: [
      { at: 0, alert: alert('#a', 'warning') },
      {
        at: 2 * M,
        silence: {
          id: 's1',
          matchers: [{ name: 'term', op: '=', value: '#a' }],
          startsAt: 2 * M,
          endsAt: 8 * M,
          expireWhenResolved: false,
        },
      },
    ],
    until: 16 * M,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a'], resolved: [] },
      // 5m30s: silenced, nothing; 10m30s: the silence ended at 8m, so #a is sent again without waiting an hour.
      { at: 30 * S + 10 * M, receiver: 'desk', firing: ['#a'], resolved: [] },
    ],
  },
  {
    name: 'an alert silenced from the start is never sent while the silence lasts',
    route: { receiver: 'desk', groupBy: ['term'], ...timing },
    events: [
      {
        at: 0,
        silence: {
          id: 's1',
          matchers: [{ name: 'term', op: '=~', value: '#a.*' }],
          startsAt: 0,
          endsAt: 60 * M,
          expireWhenResolved: false,
        },
      },
      { at: 1 * S, alert: alert('#ab', 'warning') },
      { at: 1 * S, alert: alert('#b', 'warning') },
    ],
    until: 20 * M,
    expected: [{ at: 31 * S, receiver: 'desk', firing: ['#b'], resolved: [] }],
  },
  {
    name: 'inhibition: a critical alert on a term mutes that term’s warning, not other terms',
    route: { receiver: 'desk', groupBy: ['kind'], ...timing },
    inhibit: [
      {
        sourceMatchers: [{ name: 'severity', op: '=', value: 'critical' }],
        targetMatchers: [{ name: 'severity', op: '=', value: 'warning' }],
        equal: ['term'],
      },
    ],
    events: [
      { at: 0, alert: alert('#a', 'critical') },
      { at: 0, alert: alert('#a', 'warning') },
      { at: 0, alert: alert('#b', 'warning') },
    ],
    until: 40 * S,
    expected: [{ at: 30 * S, receiver: 'desk', firing: ['#a!', '#b'], resolved: [] }],
  },
  {
    name: 'an acknowledged alert stops repeating; its resolution still goes out (#1860)',
    route: { receiver: 'desk', groupBy: ['term'], ...timing },
    events: [
      { at: 0, alert: alert('#a', 'warning') },
      { at: 1 * M, alert: alert('#a', 'warning', 'firing', true) },
      { at: 100 * M, alert: alert('#a', 'warning', 'resolved') },
    ],
    until: 110 * M,
    expected: [
      { at: 30 * S, receiver: 'desk', firing: ['#a'], resolved: [] },
      { at: 30 * S + 100 * M, receiver: 'desk', firing: [], resolved: ['#a'] },
    ],
  },
];

describe(Dispatcher.name, () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const seen = play(c).sort((a, b) => a.at - b.at || a.receiver.localeCompare(b.receiver));
    expect(seen).toEqual(c.expected);
  });

  it('regroups current alerts when the tree changes', () => {
    const clock = new ManualClock(0);
    const d = new Dispatcher({
      tree: new RoutingTree({ receiver: 'a', groupWait: 0 }),
      clock,
      stages: () => [new DedupStage(new InMemoryNotificationLog())],
    });
    d.receive(alert('#a', 'warning'));
    d.setTree(new RoutingTree({ receiver: 'b', groupWait: 0 }));
    expect(d.flushDue().notifications.map((n) => n.receiver)).toEqual(['b']);
  });
});
