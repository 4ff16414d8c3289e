import type { Alert } from '@spreadwatch/contracts';
import { useEffect, useId, useMemo, useRef, useState } from 'react';

import { useUrlState } from '../../../lib/use-url-state';
import { matchersForLabels } from '../../silences/api/silences-api';
import { SilenceForm } from '../../silences/components/silence-form';
import { useCreateSilence, useSilences } from '../../silences/hooks/use-silences';
import type { AlertActionName } from '../api/alerts-api';
import { buildInboxRows, type InboxFilters } from '../api/inbox-store';
import {
  useAlertAction,
  useAlertCapabilities,
  useInbox,
  useLoadOlderAlerts,
} from '../hooks/use-alerts';
import { type InboxCommand, useInboxKeys } from '../hooks/use-inbox-keys';
import { AlertDetail } from './alert-detail';
import { AlertInboxList } from './alert-inbox-list';
import { ShortcutsDialog } from './shortcuts-dialog';

const GROUPS: readonly [string, string][] = [
  ['route', 'Route'],
  ['term', 'Term'],
  ['severity', 'Severity'],
  ['kind', 'Kind'],
  ['none', 'No grouping'],
];

const Select = ({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly [string, string][];
  onChange: (value: string) => void;
}) => {
  const id = useId();
  return (
    <span className="filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </span>
  );
};

/** Alertmanager-like inbox: grouped as routed, filters in the URL, keyboard driven. */
export const AlertInboxPage = () => {
  const [params, update] = useUrlState();
  const inbox = useInbox();
  const capabilities = useAlertCapabilities();
  const silences = useSilences();
  const createSilence = useCreateSilence();
  const action = useAlertAction();
  const loadOlder = useLoadOlderAlerts();
  const searchRef = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  const [silencing, setSilencing] = useState<Alert | null>(null);
  const [resolveRequested, setResolveRequested] = useState(0);
  const [silenceNotice, setSilenceNotice] = useState<string | null>(null);

  const filters: InboxFilters = {
    state: params.get('state') ?? 'open',
    severity: params.get('severity') ?? '',
    kind: params.get('kind') ?? '',
    q: params.get('q') ?? '',
  };
  const groupBy = params.get('group') ?? 'route';
  const alerts = inbox.data?.alerts;
  const rows = useMemo(
    () => buildInboxRows(alerts ?? [], filters, groupBy),
    // filters is rebuilt every render; its fields are the real inputs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [alerts, filters.state, filters.severity, filters.kind, filters.q, groupBy],
  );
  const alertRows = useMemo(
    () => rows.flatMap((r) => (r.type === 'alert' ? [r.alert] : [])),
    [rows],
  );
  const selectedId = params.get('alert') ?? undefined;
  const selected =
    alertRows.find((a) => a.id === selectedId) ?? alerts?.find((a) => a.id === selectedId);
  const canSilence = silences.data !== null && silences.data !== undefined;
  const caps: Partial<Record<AlertActionName, boolean>> = capabilities.data ?? {};

  const select = (alert: Alert | undefined) => {
    if (alert !== undefined) update({ alert: alert.id });
  };

  const move = (step: number) => {
    if (alertRows.length === 0) return;
    const index = alertRows.findIndex((a) => a.id === selectedId);
    const next = index < 0 ? 0 : Math.min(alertRows.length - 1, Math.max(0, index + step));
    select(alertRows[next]);
  };

  useInboxKeys((command: InboxCommand) => {
    switch (command) {
      case 'next':
        move(1);
        break;
      case 'previous':
        move(-1);
        break;
      case 'acknowledge':
        if (selected !== undefined && caps.acknowledge === true) {
          action.mutate({ alert: selected, action: 'acknowledge' });
        }
        break;
      case 'silence':
        if (selected !== undefined && canSilence) setSilencing(selected);
        break;
      case 'resolve':
        if (selected !== undefined && caps.resolve === true) setResolveRequested((n) => n + 1);
        break;
      case 'search':
        searchRef.current?.focus();
        break;
      case 'help':
        setHelp(true);
        break;
    }
  });

  // Keyboard users land on the selected row after j/k.
  useEffect(() => {
    if (selectedId === undefined) return;
    const button = document.getElementById(`alert-${selectedId}`);
    if (button !== null && document.activeElement?.closest('.inbox-scroll') !== null)
      button.focus();
  }, [selectedId]);

  return (
    <main className="page page--inbox">
      <div className="page-header">
        <h1>Alerts</h1>
        <div className="toolbar">
          <span className="filter filter--search">
            <label htmlFor="inbox-search">Search</label>
            <input
              id="inbox-search"
              ref={searchRef}
              className="input"
              type="search"
              value={filters.q}
              placeholder="term, summary, label"
              onChange={(e) => update({ q: e.target.value })}
            />
          </span>
          <Select
            label="State"
            value={filters.state}
            onChange={(state) => update({ state: state === 'open' ? null : state })}
            options={[
              ['open', 'Open'],
              ['', 'All'],
              ['firing', 'Firing'],
              ['acknowledged', 'Acknowledged'],
              ['assigned', 'Assigned'],
              ['resolved', 'Resolved'],
            ]}
          />
          <Select
            label="Severity"
            value={filters.severity}
            onChange={(severity) => update({ severity })}
            options={[
              ['', 'All'],
              ['critical', 'Critical'],
              ['warning', 'Warning'],
              ['info', 'Info'],
            ]}
          />
          <Select
            label="Kind"
            value={filters.kind}
            onChange={(kind) => update({ kind })}
            options={[
              ['', 'All'],
              ['velocity', 'Velocity'],
              ['coordination', 'Coordination'],
              ['forecast', 'Forecast'],
            ]}
          />
          <Select
            label="Group by"
            value={groupBy}
            onChange={(group) => update({ group: group === 'route' ? null : group })}
            options={GROUPS}
          />
          <button type="button" className="button" onClick={() => setHelp(true)}>
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </div>
      {silenceNotice === null ? null : (
        <p className="notice" role="status">
          {silenceNotice}
        </p>
      )}
      <div className="inbox-grid">
        <section className="panel inbox-panel" aria-label="Alert list">
          <p className="panel__meta" aria-live="polite">
            {inbox.isPending
              ? 'Loading alerts…'
              : `${alertRows.length.toLocaleString()} shown of ${(alerts?.length ?? 0).toLocaleString()} loaded`}
          </p>
          {inbox.error === null ? null : (
            <p className="panel-error" role="alert">
              Could not load alerts: {inbox.error.message}
            </p>
          )}
          {rows.length === 0 && !inbox.isPending ? (
            <p className="empty-state">No alerts match these filters.</p>
          ) : (
            <AlertInboxList rows={rows} selectedId={selectedId} onSelect={select} />
          )}
          {inbox.data?.nextCursor === null || inbox.data === undefined ? null : (
            <button
              type="button"
              className="button"
              disabled={loadOlder.isPending}
              onClick={() => {
                const cursor = inbox.data?.nextCursor;
                if (typeof cursor === 'number') loadOlder.mutate(cursor);
              }}
            >
              {loadOlder.isPending ? 'Loading…' : 'Load older alerts'}
            </button>
          )}
        </section>
        <section className="panel detail-panel" aria-label="Selected alert">
          {selected === undefined ? (
            <p className="empty-state">
              Select an alert (or press <kbd>j</kbd>) to see its evidence and act on it.
            </p>
          ) : (
            <AlertDetail
              alert={selected}
              capabilities={caps}
              canSilence={canSilence}
              onSilence={() => setSilencing(selected)}
              resolveRequested={resolveRequested}
            />
          )}
          {silencing === null ? null : (
            <div className="silence-panel">
              <h3 className="section-title">Silence alerts like this</h3>
              <SilenceForm
                key={silencing.id}
                initialMatchers={matchersForLabels(silencing.labels)}
                pending={createSilence.isPending}
                error={createSilence.error}
                nowMs={() => Date.now()}
                onCancel={() => setSilencing(null)}
                onSubmit={(input) =>
                  createSilence.mutate(input, {
                    onSuccess: (silence) => {
                      setSilencing(null);
                      setSilenceNotice(`Silence created (${silence.id.slice(0, 8)}).`);
                    },
                  })
                }
              />
            </div>
          )}
        </section>
      </div>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </main>
  );
};
