import type { Alert, Severity } from '@spreadwatch/contracts';

import { formatDateTime, formatTime } from '../../../lib/format';

export interface AlertFeedProps {
  alerts: readonly Alert[];
  /** Defaults to the user's own zone; tests pin one. */
  timeZone?: string;
}

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

const KIND_LABEL: Record<Alert['kind'], string> = {
  velocity: 'Velocity',
  coordination: 'Coordination',
  forecast: 'Forecast',
};

/** Newest first. Metadata only: the summary and term are shown as text, never linked or previewed. */
export const AlertFeed = ({ alerts, timeZone }: AlertFeedProps) => (
  // Scrolls on its own, so it takes focus for keyboard scrolling.
  <div
    className="alert-feed"
    data-testid="alert-feed"
    data-count={alerts.length}
    tabIndex={0}
    role="region"
    aria-label="Live alert list"
  >
    {alerts.length === 0 ? (
      <p className="empty-state">No alerts yet. New ones appear here as they fire.</p>
    ) : (
      <ol className="alert-list" aria-label="Alerts, newest first">
        {alerts.map((alert) => (
          <li
            key={alert.id}
            className={`alert-item alert-item--${alert.severity}${alert.status === 'resolved' ? ' is-resolved' : ''}`}
            data-seq={alert.seq}
          >
            <div className="alert-meta">
              <span className={`severity severity--${alert.severity}`}>
                {SEVERITY_LABEL[alert.severity]}
              </span>
              <span className="alert-kind">{KIND_LABEL[alert.kind]}</span>
              {alert.status === 'resolved' ? <span className="alert-status">Resolved</span> : null}
              <time
                className="alert-time"
                dateTime={alert.firedAt}
                title={formatDateTime(alert.firedAt, timeZone)}
              >
                {formatTime(alert.firedAt, timeZone)}
              </time>
            </div>
            {alert.term === undefined ? null : <p className="alert-term">{alert.term}</p>}
            <p className="alert-summary">{alert.summary}</p>
          </li>
        ))}
      </ol>
    )}
  </div>
);
