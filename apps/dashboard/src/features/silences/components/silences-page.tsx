import type { SilenceView } from '@spreadwatch/contracts';

import { formatShortDateTime } from '../../../lib/format';
import { useUrlState } from '../../../lib/use-url-state';
import { ErrorNote } from '../../shell/components/error-note';
import { formatMatcher } from '../api/silences-api';
import { useCreateSilence, useExpireSilence, useSilences } from '../hooks/use-silences';
import { SilenceForm } from './silence-form';

const STATES: readonly [string, string][] = [
  ['active', 'Active'],
  ['pending', 'Pending'],
  ['expired', 'Expired'],
  ['', 'All'],
];

const SilenceRow = ({
  silence,
  onExpire,
  expiring,
}: {
  silence: SilenceView;
  onExpire: () => void;
  expiring: boolean;
}) => (
  <li className="silence" data-silence-id={silence.id} data-state={silence.state}>
    <div className="silence__matchers">
      {silence.matchers.map((m) => (
        <code key={formatMatcher(m)} className="chip">
          {formatMatcher(m)}
        </code>
      ))}
    </div>
    <p>{silence.comment}</p>
    <p className="muted">
      <span className={`state-chip state-chip--${silence.state}`}>{silence.state}</span> by{' '}
      {silence.createdBy} · from{' '}
      <time dateTime={silence.startsAt}>{formatShortDateTime(silence.startsAt)}</time>
      {silence.endsAt === null ? (
        ' until its alerts resolve'
      ) : (
        <>
          {' '}
          to <time dateTime={silence.endsAt}>{formatShortDateTime(silence.endsAt)}</time>
        </>
      )}
      {silence.expireWhenResolved && silence.endsAt !== null ? ' (or when its alerts resolve)' : ''}
      {silence.expiredReason === null ? '' : ` · ${silence.expiredReason}`}
    </p>
    {silence.state === 'expired' ? null : (
      <button type="button" className="button button--small" onClick={onExpire} disabled={expiring}>
        Expire now
      </button>
    )}
  </li>
);

/** Alertmanager-style silences: matchers, a window, a reason; expire early when done. */
export const SilencesPage = () => {
  const [params, update] = useUrlState();
  const silences = useSilences();
  const create = useCreateSilence();
  const expire = useExpireSilence();
  const raw = params.get('state') ?? 'active';
  const state = raw === 'all' ? '' : raw;
  const shown = (silences.data ?? []).filter((s) => state === '' || s.state === state);

  return (
    <main className="page">
      <div className="page-header">
        <h1>Silences</h1>
        <div className="toolbar">
          <span className="filter">
            <label htmlFor="silence-state">Show</label>
            <select
              id="silence-state"
              className="select"
              value={state}
              onChange={(e) =>
                update({ state: e.target.value === 'active' ? null : e.target.value || 'all' })
              }
            >
              {STATES.map(([v, label]) => (
                <option key={v} value={v === '' ? 'all' : v}>
                  {label}
                </option>
              ))}
            </select>
          </span>
        </div>
      </div>
      {silences.data === null ? (
        <section className="panel">
          <p className="empty-state">Silences are not available on this server yet.</p>
        </section>
      ) : (
        <div className="split-grid">
          <section className="panel" aria-labelledby="silence-list-title">
            <h2 id="silence-list-title" className="section-title">
              {STATES.find(([v]) => v === state)?.[1] ?? 'All'} silences
            </h2>
            {silences.error === null ? null : <ErrorNote what="silences" error={silences.error} />}
            {silences.isPending ? (
              <p className="empty-state">Loading…</p>
            ) : shown.length === 0 ? (
              <p className="empty-state">None.</p>
            ) : (
              <ul className="silence-list" data-testid="silence-list">
                {shown.map((s) => (
                  <SilenceRow
                    key={s.id}
                    silence={s}
                    expiring={expire.isPending}
                    onExpire={() => expire.mutate(s.id)}
                  />
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="new-silence-title">
            <h2 id="new-silence-title" className="section-title">
              New silence
            </h2>
            <SilenceForm
              key={create.isSuccess ? create.data.id : 'new'}
              pending={create.isPending}
              error={create.error}
              nowMs={() => Date.now()}
              onSubmit={(input) => create.mutate(input)}
            />
          </section>
        </div>
      )}
    </main>
  );
};
