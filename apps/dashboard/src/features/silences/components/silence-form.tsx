import type { Matcher, SilenceInput } from '@spreadwatch/contracts';
import { type FormEvent, useId, useState } from 'react';

import { formatMatcher, parseMatchers } from '../api/silences-api';

export const SILENCE_DURATIONS: readonly { key: string; label: string; ms: number | null }[] = [
  { key: '1h', label: '1 hour', ms: 3_600_000 },
  { key: '4h', label: '4 hours', ms: 4 * 3_600_000 },
  { key: '24h', label: '24 hours', ms: 24 * 3_600_000 },
  { key: '7d', label: '7 days', ms: 7 * 24 * 3_600_000 },
  { key: 'resolved', label: 'Until its alerts resolve', ms: null },
];

export interface SilenceFormProps {
  initialMatchers?: readonly Matcher[];
  pending?: boolean;
  error?: Error | null;
  /** Start of the silence, ms; the caller passes the wall clock so the form stays pure. */
  nowMs: () => number;
  onSubmit: (input: SilenceInput) => void;
  onCancel?: () => void;
}

/** Builds the request: start now (UTC), end after the chosen duration or when the alerts resolve. */
export const buildSilence = (
  matchersText: string,
  durationKey: string,
  comment: string,
  nowMs: number,
): SilenceInput => {
  const matchers = parseMatchers(matchersText);
  if (matchers.length === 0) throw new Error('Add at least one matcher, e.g. term="#leak".');
  if (comment.trim() === '') throw new Error('Say why (a comment is required).');
  const duration = SILENCE_DURATIONS.find((d) => d.key === durationKey) ?? SILENCE_DURATIONS[0];
  const ms = duration?.ms ?? null;
  return {
    matchers,
    startsAt: new Date(nowMs).toISOString(),
    ...(ms === null ? {} : { endsAt: new Date(nowMs + ms).toISOString() }),
    comment: comment.trim(),
    expireWhenResolved: ms === null,
  };
};

export const SilenceForm = ({
  initialMatchers = [],
  pending = false,
  error = null,
  nowMs,
  onSubmit,
  onCancel,
}: SilenceFormProps) => {
  const id = useId();
  const [matchers, setMatchers] = useState(initialMatchers.map(formatMatcher).join('\n'));
  const [duration, setDuration] = useState('4h');
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      onSubmit(buildSilence(matchers, duration, comment, nowMs()));
      setProblem(null);
    } catch (reason) {
      setProblem(reason instanceof Error ? reason.message : String(reason));
    }
  };

  const shown = problem ?? error?.message ?? null;
  return (
    <form className="form silence-form" onSubmit={submit} noValidate aria-busy={pending}>
      <div className="field">
        <label htmlFor={`${id}-matchers`}>Matchers</label>
        <textarea
          id={`${id}-matchers`}
          rows={3}
          value={matchers}
          onChange={(event) => setMatchers(event.target.value)}
          aria-describedby={`${id}-matchers-help`}
          spellCheck={false}
        />
        <p className="field-help" id={`${id}-matchers-help`}>
          One per line: <code>term=&quot;#leak&quot;</code>, <code>severity!=&quot;info&quot;</code>
          , <code>term=~&quot;#mms.*&quot;</code>
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-duration`}>Duration</label>
        <select
          id={`${id}-duration`}
          className="select"
          value={duration}
          onChange={(event) => setDuration(event.target.value)}
        >
          {SILENCE_DURATIONS.map((d) => (
            <option key={d.key} value={d.key}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-comment`}>Comment</label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      {shown === null ? null : (
        <p className="form-error" role="alert">
          {shown}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--accent" disabled={pending}>
          {pending ? 'Creating…' : 'Create silence'}
        </button>
        {onCancel === undefined ? null : (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
};
