import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router';

import { formatDateTime } from '../../../lib/format';
import { useHeldValue } from '../../../lib/frozen';
import { useUrlState } from '../../../lib/use-url-state';
import { AlertFeed } from '../../alerts/components/alert-feed';
import { useAlerts } from '../../alerts/hooks/use-alerts';
import { ErrorNote } from '../../shell/components/error-note';
import { TimeRangePicker, useTimeRange } from '../../shell/components/time-range-picker';
import { distinctValues, filterBoard, toBoardRow } from '../../terms/api/term-metrics';
import { TermChart } from '../../terms/components/term-chart';
import { termAlerts } from '../../terms/components/term-chart-model';
import { termPath, TermsBoard } from '../../terms/components/terms-board';
import { useTermSeries, useTopTerms } from '../../terms/hooks/use-terms';

const BOARD_LIMIT = 30;

const FilterSelect = ({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
}) => {
  const id = useId();
  if (options.length === 0 && value === '') return null;
  return (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">All</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </span>
  );
};

/** Live board: fastest-rising terms, the selected term's chart and the live alert feed. */
export const LivePage = () => {
  const [params, update] = useUrlState();
  const { range, live } = useTimeRange();
  const topTerms = useTopTerms(BOARD_LIMIT);
  const alerts = useAlerts();
  const filters = {
    watchlist: params.get('watchlist') ?? '',
    source: params.get('source') ?? '',
    lang: params.get('lang') ?? '',
  };
  const allRows = useHeldValue((topTerms.data ?? []).map(toBoardRow), !live);
  const rows = filterBoard(allRows, filters);
  // Until the analyst picks one, chart the leader, and keep charting it while it stays on the board
  // (a chart that hops to a new leader every minute cannot be read).
  const [autoTerm, setAutoTerm] = useState<string | undefined>(undefined);
  const leader = rows[0]?.term;
  if (leader !== undefined && (autoTerm === undefined || !rows.some((r) => r.term === autoTerm))) {
    setAutoTerm(leader);
  }
  const selectedTerm = params.get('term') ?? autoTerm ?? leader;
  const series = useTermSeries(selectedTerm, range.minutes);
  const seriesPoints = useHeldValue(series.data?.points ?? [], !live);
  const alertItems = useHeldValue(alerts.data?.items ?? [], !live);
  const chartAlerts = useMemo(
    () => termAlerts(alertItems, selectedTerm),
    [alertItems, selectedTerm],
  );
  const lastPoint = seriesPoints.at(-1);

  return (
    <main className="page">
      <div className="page-header">
        <h1>Live board</h1>
        <div className="toolbar">
          <FilterSelect
            label="Watchlist"
            value={filters.watchlist}
            options={distinctValues(allRows, (r) => r.watchlists)}
            onChange={(watchlist) => update({ watchlist })}
          />
          <FilterSelect
            label="Source"
            value={filters.source}
            options={distinctValues(allRows, (r) => r.sources)}
            onChange={(source) => update({ source })}
          />
          <FilterSelect
            label="Language"
            value={filters.lang}
            options={distinctValues(allRows, (r) => r.langs)}
            onChange={(lang) => update({ lang })}
          />
          <TimeRangePicker />
        </div>
      </div>
      <div className="live-grid">
        <section className="panel panel--chart" aria-labelledby="chart-title">
          <div className="panel__header">
            <h2 id="chart-title">
              {selectedTerm === undefined ? (
                'Selected term'
              ) : (
                <Link className="term-name" to={termPath(selectedTerm)}>
                  {selectedTerm}
                </Link>
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
            <TermChart term={selectedTerm} points={seriesPoints} alerts={chartAlerts} />
          )}
        </section>

        <section className="panel panel--alerts" aria-labelledby="alerts-title">
          <div className="panel__header">
            <h2 id="alerts-title">Live alerts</h2>
            <Link className="panel__link" to="/alerts">
              Open inbox
            </Link>
          </div>
          {alerts.error === null ? null : <ErrorNote what="alerts" error={alerts.error} />}
          {alerts.isPending ? (
            <p className="empty-state">Loading alerts…</p>
          ) : (
            <AlertFeed alerts={alertItems.slice(0, 50)} />
          )}
        </section>

        <section className="panel panel--terms" aria-labelledby="terms-title">
          <div className="panel__header">
            <h2 id="terms-title">Fastest-rising terms</h2>
            <p className="panel__meta">Ranked by spread score, per-minute rates</p>
          </div>
          {topTerms.error === null ? null : <ErrorNote what="top terms" error={topTerms.error} />}
          {topTerms.isPending ? (
            <p className="empty-state">Loading terms…</p>
          ) : rows.length === 0 ? (
            <p className="empty-state">No term matches these filters.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Rising terms">
              <TermsBoard
                rows={rows}
                selectedTerm={selectedTerm}
                onSelect={(term) => update({ term })}
              />
            </div>
          )}
        </section>
      </div>
    </main>
  );
};
