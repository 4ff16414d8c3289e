import type { Alert } from '@spreadwatch/contracts';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';

import { formatDateTime } from '../../../lib/format';
import { termPath } from '../../terms/components/terms-board';
import type { AlertActionName } from '../api/alerts-api';
import { assigneeOf, lifecycleOf } from '../api/inbox-store';
import { useAlertAction } from '../hooks/use-alerts';
import { AlertEvidence } from './alert-evidence';

export interface AlertDetailProps {
  alert: Alert;
  capabilities: Partial<Record<AlertActionName, boolean>>;
  canSilence: boolean;
  onSilence: () => void;
  /** Set by the `r` shortcut to open the resolve form. */
  resolveRequested?: number;
}

/** The selected alert: what fired, the evidence, and the lifecycle actions the server supports. */
export const AlertDetail = ({
  alert,
  capabilities,
  canSilence,
  onSilence,
  resolveRequested = 0,
}: AlertDetailProps) => {
  const id = useId();
  const action = useAlertAction();
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const state = lifecycleOf(alert);
  const noActions =
    !capabilities.acknowledge && !capabilities.assign && !capabilities.resolve && !canSilence;

  const run = (name: AlertActionName, extra: { note?: string; assignee?: string } = {}) =>
    action.mutate(
      { alert, action: name, ...extra },
      {
        onSuccess: () => {
          setNote('');
          setAssignee('');
        },
      },
    );

  const submitNote = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const name = submitter?.getAttribute('value') === 'resolve' ? 'resolve' : 'notes';
    if (note.trim() === '') return;
    run(name, { note: note.trim() });
  };

  return (
    <article className="alert-detail" aria-labelledby={`${id}-title`} data-alert-id={alert.id}>
      <header className="alert-detail__header">
        <div className="alert-meta">
          <span className={`severity severity--${alert.severity}`}>{alert.severity}</span>
          <span className="alert-kind">{alert.kind}</span>
          <span className={`state-chip state-chip--${state}`} data-testid="alert-state">
            {state}
          </span>
          {assigneeOf(alert) === undefined ? null : (
            <span className="muted">assigned to {assigneeOf(alert)}</span>
          )}
        </div>
        <h2 id={`${id}-title`} className="alert-detail__title">
          {alert.term === undefined ? (
            alert.summary
          ) : (
            <Link className="term-name" to={termPath(alert.term)}>
              {alert.term}
            </Link>
          )}
        </h2>
        {alert.term === undefined ? null : <p>{alert.summary}</p>}
        <p className="muted">
          Fired <time dateTime={alert.firedAt}>{formatDateTime(alert.firedAt)}</time>
          {alert.resolvedAt === null ? null : (
            <>
              {' '}
              · resolved <time dateTime={alert.resolvedAt}>{formatDateTime(alert.resolvedAt)}</time>
            </>
          )}{' '}
          · score {alert.score.toFixed(1)}
        </p>
      </header>

      <section aria-label="Evidence">
        <h3 className="section-title">Evidence</h3>
        <AlertEvidence alert={alert} />
        <ul className="labels" aria-label="Labels">
          {Object.entries(alert.labels).map(([name, value]) => (
            <li key={name} className="chip">
              {name}={value}
            </li>
          ))}
        </ul>
      </section>

      <section aria-label="Actions" className="alert-actions">
        <h3 className="section-title">Actions</h3>
        {noActions ? (
          <p className="muted">Alert handling is not available on this server yet.</p>
        ) : null}
        <div className="button-row">
          {capabilities.acknowledge ? (
            <button
              type="button"
              className="button"
              disabled={action.isPending || state === 'acknowledged' || state === 'resolved'}
              onClick={() => run('acknowledge')}
            >
              Acknowledge <kbd>a</kbd>
            </button>
          ) : null}
          {canSilence ? (
            <button type="button" className="button" onClick={onSilence}>
              Silence… <kbd>s</kbd>
            </button>
          ) : null}
        </div>
        {capabilities.assign ? (
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (assignee.trim() !== '') run('assign', { assignee: assignee.trim() });
            }}
          >
            <label htmlFor={`${id}-assignee`}>Assign to</label>
            <input
              id={`${id}-assignee`}
              className="input"
              value={assignee}
              onChange={(event) => setAssignee(event.target.value)}
              placeholder="username"
            />
            <button type="submit" className="button" disabled={action.isPending}>
              Assign
            </button>
          </form>
        ) : null}
        {capabilities.resolve || capabilities.notes ? (
          <form className="note-form" onSubmit={submitNote}>
            <label htmlFor={`${id}-note`}>Note</label>
            <textarea
              id={`${id}-note`}
              key={resolveRequested}
              autoFocus={resolveRequested > 0}
              rows={2}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              placeholder="What did you find? Required to resolve."
            />
            <div className="button-row">
              {capabilities.notes ? (
                <button type="submit" value="notes" className="button" disabled={action.isPending}>
                  Add note
                </button>
              ) : null}
              {capabilities.resolve ? (
                <button
                  type="submit"
                  value="resolve"
                  className="button"
                  disabled={action.isPending || state === 'resolved'}
                >
                  Resolve with note
                </button>
              ) : null}
            </div>
          </form>
        ) : null}
        {action.error === null ? null : (
          <p className="form-error" role="alert">
            {action.error.message}
          </p>
        )}
      </section>
    </article>
  );
};
