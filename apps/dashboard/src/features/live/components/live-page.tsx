import type { CurrentUser } from '@spreadwatch/contracts';
import { useState } from 'react';

import { formatDateTime, userTimeZone } from '../../../lib/format';
import { AlertFeed } from '../../alerts/components/alert-feed';
import { useAlerts } from '../../alerts/hooks/use-alerts';
import { useLogout } from '../../auth/hooks/use-auth';
import { TermChart } from '../../terms/components/term-chart';
import { TermsTable } from '../../terms/components/terms-table';
import { useTermSeries, useTopTerms } from '../../terms/hooks/use-terms';
import { useLiveUpdates } from '../hooks/use-live-updates';
import { AppHeader } from './app-header';

export interface LivePageProps {
  user: CurrentUser;
}

const ErrorNote = ({ what, error }: { what: string; error: Error }) => (
  <p className="panel-error" role="alert">
    Could not load {what}: {error.message}
  </p>
);

export const LivePage = ({ user }: LivePageProps) => {
  const status = useLiveUpdates();
  const logout = useLogout();
  const topTerms = useTopTerms();
  const alerts = useAlerts();
  const [chosenTerm, setChosenTerm] = useState<string | undefined>(undefined);
  // Until the analyst picks one, follow whichever term leads the board.
  const selectedTerm = chosenTerm ?? topTerms.data?.[0]?.term;
  const series = useTermSeries(selectedTerm);
  const seriesPoints = series.data?.points ?? [];
  const lastPoint = seriesPoints.at(-1);

  return (
    <div className="app">
      <AppHeader
        user={user}
        status={status}
        timeZone={userTimeZone()}
        onLogout={() => logout.mutate()}
        loggingOut={logout.isPending}
      />
      <main className="live-grid">
        <section className="panel panel--chart" aria-labelledby="chart-title">
          <div className="panel__header">
            <h2 id="chart-title">
              {selectedTerm === undefined ? (
                'Selected term'
              ) : (
                <span className="term-name">{selectedTerm}</span>
              )}
            </h2>
            {lastPoint === undefined ? null : (
              <p className="panel__meta">
                Latest minute <time dateTime={lastPoint.t}>{formatDateTime(lastPoint.t)}</time>
              </p>
            )}
          </div>
          {series.error === null ? null : <ErrorNote what="the series" error={series.error} />}
          {selectedTerm === undefined ? (
            <p className="empty-state">
              {topTerms.isPending ? 'Loading terms…' : 'No term is spreading yet.'}
            </p>
          ) : series.isPending ? (
            <p className="empty-state">Loading {selectedTerm}…</p>
          ) : (
            <TermChart term={selectedTerm} points={seriesPoints} />
          )}
        </section>

        <section className="panel panel--alerts" aria-labelledby="alerts-title">
          <div className="panel__header">
            <h2 id="alerts-title">Live alerts</h2>
            {alerts.data === undefined ? null : (
              <p className="panel__meta">{alerts.data.items.length} shown</p>
            )}
          </div>
          {alerts.error === null ? null : <ErrorNote what="alerts" error={alerts.error} />}
          {alerts.isPending ? (
            <p className="empty-state">Loading alerts…</p>
          ) : (
            <AlertFeed alerts={alerts.data?.items ?? []} />
          )}
        </section>

        <section className="panel panel--terms" aria-labelledby="terms-title">
          <div className="panel__header">
            <h2 id="terms-title">Top rising terms</h2>
            <p className="panel__meta">Ranked by spread score, per-minute rates</p>
          </div>
          {topTerms.error === null ? null : <ErrorNote what="top terms" error={topTerms.error} />}
          {topTerms.isPending ? (
            <p className="empty-state">Loading terms…</p>
          ) : (
            <div className="table-scroll">
              <TermsTable
                terms={topTerms.data ?? []}
                selectedTerm={selectedTerm}
                onSelect={setChosenTerm}
              />
            </div>
          )}
        </section>
      </main>
    </div>
  );
};
