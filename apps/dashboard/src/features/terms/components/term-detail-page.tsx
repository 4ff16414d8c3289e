import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';

import { formatNumber, formatPercent } from '../../../lib/format';
import { useHeldValue } from '../../../lib/frozen';
import { useAlerts } from '../../alerts/hooks/use-alerts';
import {
  type ClusterAccountView,
  clusterQuery,
  termClustersQuery,
} from '../../clusters/api/clusters-api';
import { ErrorNote } from '../../shell/components/error-note';
import { TimeRangePicker, useTimeRange } from '../../shell/components/time-range-picker';
import { termPostsQuery, topAccounts } from '../api/posts-api';
import { useTermSeries } from '../hooks/use-terms';
import { AuthorsChart } from './authors-chart';
import { RecentPosts } from './recent-posts';
import { TermChart } from './term-chart';
import { termAlerts } from './term-chart-model';

// Bot-likeness comes from cluster accounts; look up the handful of clusters most likely to matter.
const CLUSTERS_FOR_ACCOUNTS = 3;

/** Drill-down of one term: its rate against the baseline, who posts it, clusters, and recent posts. */
export const TermDetailPage = () => {
  const term = useParams()['term'] ?? '';
  const { range, live } = useTimeRange();
  const series = useTermSeries(term, range.minutes);
  const points = useHeldValue(series.data?.points ?? [], !live);
  const posts = useQuery(termPostsQuery(term));
  // The live alert list (socket-patched) holds the recent alerts; the chart marks those of this term.
  const alerts = useAlerts();
  const chartAlerts = useMemo(
    () => termAlerts(alerts.data?.items ?? [], term),
    [alerts.data, term],
  );
  const clusters = useQuery(termClustersQuery(term));
  const clusterList = clusters.data ?? [];
  const details = useQueries({
    queries: clusterList.slice(0, CLUSTERS_FOR_ACCOUNTS).map((c) => clusterQuery(c.id)),
  });
  const botLikeness = new Map<string, ClusterAccountView>();
  for (const detail of details) {
    for (const account of detail.data?.accounts ?? []) {
      botLikeness.set(account.id, account);
      if (account.handle != null) botLikeness.set(account.handle, account);
    }
  }
  const accounts = topAccounts(posts.data ?? []);
  const hasBotLikeness = accounts.some((a) => botLikeness.get(a.key)?.botLikeness !== undefined);
  const last = points.at(-1);
  const windowAuthors = points.slice(-5).reduce((sum, p) => sum + p.uniqueAuthors, 0);

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <Link to="/">Live board</Link> / term
          </p>
          <h1 className="term-name">{term}</h1>
        </div>
        <div className="toolbar">
          <TimeRangePicker />
        </div>
      </div>
      <div className="detail-grid">
        <section className="panel panel--wide" aria-labelledby="rate-title">
          <div className="panel__header">
            <h2 id="rate-title">Rate against baseline</h2>
            {last === undefined ? null : (
              <p className="panel__meta">
                Last minute {last.count} posts · baseline {formatNumber(last.baseline)} · score{' '}
                {formatNumber(last.score, 2)}
              </p>
            )}
          </div>
          {series.error === null ? null : <ErrorNote what="the series" error={series.error} />}
          {series.isPending ? (
            <p className="empty-state">Loading {term}…</p>
          ) : (
            <TermChart term={term} points={points} alerts={chartAlerts} />
          )}
        </section>

        <section className="panel" aria-labelledby="authors-title">
          <div className="panel__header">
            <h2 id="authors-title">Authors</h2>
            <p className="panel__meta">{windowAuthors} author-minutes in the last 5 min</p>
          </div>
          {points.length === 0 ? (
            <p className="empty-state">No authors yet.</p>
          ) : (
            <AuthorsChart points={points} />
          )}
        </section>

        <section className="panel" aria-labelledby="accounts-title">
          <div className="panel__header">
            <h2 id="accounts-title">Top accounts</h2>
            <p className="panel__meta">among the latest {posts.data?.length ?? 0} posts</p>
          </div>
          {accounts.length === 0 ? (
            <p className="empty-state">No accounts yet.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Top accounts">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col" className="num">
                      Posts
                    </th>
                    <th scope="col" className="num">
                      Reposts
                    </th>
                    {hasBotLikeness ? (
                      <th scope="col" className="num">
                        Bot-likeness
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {accounts.map((a) => {
                    const bot = botLikeness.get(a.key)?.botLikeness;
                    return (
                      <tr key={a.key}>
                        <th scope="row" className="mono">
                          {a.handle}
                        </th>
                        <td className="num">{a.posts}</td>
                        <td className="num">{a.reposts}</td>
                        {hasBotLikeness ? (
                          <td className="num">{bot === undefined ? '–' : formatPercent(bot)}</td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="panel" aria-labelledby="clusters-title">
          <div className="panel__header">
            <h2 id="clusters-title">Coordination clusters</h2>
          </div>
          {clusters.data === null ? (
            <p className="empty-state">
              Coordination detection is not available on this server yet.
            </p>
          ) : clusterList.length === 0 ? (
            <p className="empty-state">
              {clusters.isPending ? 'Loading…' : 'No coordinated group touches this term.'}
            </p>
          ) : (
            <ul className="cluster-links" data-testid="term-clusters">
              {clusterList.map((c) => (
                <li key={c.id}>
                  <Link to={`/clusters/${encodeURIComponent(c.id)}`}>
                    {c.label ?? `Cluster ${c.id.slice(0, 8)}`}
                  </Link>{' '}
                  <span className="muted">
                    {c.size ?? '?'} accounts
                    {c.score === undefined ? '' : ` · score ${formatNumber(c.score, 2)}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="panel panel--wide" aria-labelledby="posts-title">
          <div className="panel__header">
            <h2 id="posts-title">Recent posts</h2>
            <p className="panel__meta">Text only; links shown as text and never opened</p>
          </div>
          {posts.error === null ? null : <ErrorNote what="posts" error={posts.error} />}
          {posts.isPending ? (
            <p className="empty-state">Loading posts…</p>
          ) : (
            <RecentPosts posts={posts.data ?? []} />
          )}
        </section>
      </div>
    </main>
  );
};
