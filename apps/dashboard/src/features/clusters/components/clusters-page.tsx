import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';

import { formatNumber, formatPercent, formatShortDateTime } from '../../../lib/format';
import { useUrlState } from '../../../lib/use-url-state';
import { ErrorNote } from '../../shell/components/error-note';
import { termPath } from '../../terms/components/terms-board';
import { attributionList, clusterQuery, clustersQuery } from '../api/clusters-api';
import { ClusterGraph } from './cluster-graph';
import { TimeGapHistogram } from './time-gap-histogram';

const ClusterDetail = ({ id }: { id: string }) => {
  const detail = useQuery(clusterQuery(id));
  const [params, update] = useUrlState();
  const tab = params.get('tab') ?? 'network';
  if (detail.isPending) return <p className="empty-state">Loading cluster…</p>;
  if (detail.error !== null) return <ErrorNote what="the cluster" error={detail.error} />;
  const cluster = detail.data;
  const accounts = [...cluster.accounts].sort(
    (a, b) => (b.botLikeness ?? 0) - (a.botLikeness ?? 0),
  );
  const TABS: [string, string][] = [
    ['network', 'Network'],
    ['accounts', `Accounts (${accounts.length})`],
    ['timing', 'Timing'],
  ];
  return (
    <article aria-labelledby="cluster-title" data-testid="cluster-detail">
      <header className="panel__header">
        <h2 id="cluster-title">{cluster.label ?? `Cluster ${cluster.id.slice(0, 8)}`}</h2>
        <p className="panel__meta">
          {cluster.size ?? accounts.length} accounts
          {cluster.score === undefined ? '' : ` · score ${formatNumber(cluster.score, 2)}`}
          {cluster.fastShare === undefined
            ? ''
            : ` · ${formatPercent(cluster.fastShare)} within 5 s`}
          {cluster.lastSeen === undefined
            ? ''
            : ` · last active ${formatShortDateTime(cluster.lastSeen)}`}
        </p>
      </header>
      {cluster.termShares.length === 0 ? null : (
        <p className="chips">
          {cluster.termShares.map((t) => (
            <Link key={t.term} className="chip" to={termPath(t.term)}>
              {t.term} · {formatPercent(t.amplificationShare)} of its posts
            </Link>
          ))}
        </p>
      )}
      <div className="tabs" role="tablist" aria-label="Cluster views">
        {TABS.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`panel-${key}`}
            className="tab"
            onClick={() => update({ tab: key === 'network' ? null : key }, { push: true })}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'network' ? (
          <ClusterGraph accounts={accounts} edges={cluster.edges} />
        ) : tab === 'accounts' ? (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Cluster accounts">
            <table className="data-table" data-testid="cluster-accounts">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col" className="num">
                    Bot-likeness
                  </th>
                  <th scope="col">Why (largest contributions)</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="mono">
                      {a.handle ?? a.id}
                    </th>
                    <td className="num">
                      {a.botLikeness === undefined ? '–' : formatPercent(a.botLikeness)}
                    </td>
                    <td>
                      {attributionList(a)
                        .slice(0, 4)
                        .map(
                          ([feature, weight]) =>
                            `${feature} ${weight >= 0 ? '+' : ''}${formatNumber(weight, 2)}`,
                        )
                        .join(' · ') || '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <>
            <TimeGapHistogram bins={cluster.gapHistogram} />
            {cluster.sharedObjects.length === 0 ? null : (
              <>
                <h3 className="section-title">Shared objects</h3>
                <ul className="shared-objects">
                  {cluster.sharedObjects.slice(0, 12).map((o) => (
                    <li key={`${o.channel}:${o.key}`}>
                      <span className="chip">{o.channel}</span>{' '}
                      <code className="url-text">{o.key}</code>{' '}
                      <span className="muted">
                        {o.accounts} accounts, {o.actions} actions
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </article>
  );
};

/** Coordinated groups: pick one to see its network, accounts and timing. */
export const ClustersPage = () => {
  const id = useParams()['id'];
  const clusters = useQuery(clustersQuery());
  return (
    <main className="page">
      <div className="page-header">
        <h1>Clusters</h1>
      </div>
      {clusters.data === null ? (
        <section className="panel">
          <p className="empty-state">Coordination detection is not available on this server yet.</p>
        </section>
      ) : (
        <div className="split-grid">
          <section className="panel" aria-labelledby="cluster-list-title">
            <h2 id="cluster-list-title" className="section-title">
              Coordinated groups
            </h2>
            {clusters.error === null ? null : <ErrorNote what="clusters" error={clusters.error} />}
            {clusters.isPending ? (
              <p className="empty-state">Loading…</p>
            ) : (clusters.data ?? []).length === 0 ? (
              <p className="empty-state">No coordinated group detected yet.</p>
            ) : (
              <ul className="cluster-list">
                {(clusters.data ?? []).map((c) => (
                  <li key={c.id}>
                    <Link
                      to={`/clusters/${encodeURIComponent(c.id)}`}
                      aria-current={c.id === id ? 'page' : undefined}
                      className="cluster-list__link"
                    >
                      <span>{c.label ?? `Cluster ${c.id.slice(0, 8)}`}</span>
                      <span className="muted">
                        {c.size ?? '?'} accounts
                        {c.terms === undefined ? '' : ` · ${c.terms.slice(0, 2).join(', ')}`}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-label="Selected cluster">
            {id === undefined ? (
              <p className="empty-state">Select a group to see its network.</p>
            ) : (
              <ClusterDetail id={id} />
            )}
          </section>
        </div>
      )}
    </main>
  );
};
