import { useState } from 'react';
import { Link } from 'react-router';

import { useFrozenOrder } from '../../../lib/frozen';
import { formatNumber, formatPercent, formatSigned } from '../../../lib/format';
import { type BoardRow, presentColumns } from '../api/term-metrics';
import { Sparkline } from './sparkline';

export interface TermsBoardProps {
  rows: readonly BoardRow[];
  selectedTerm: string | undefined;
  onSelect: (term: string) => void;
}

const sparklineLabel = (row: BoardRow): string => {
  const values = row.sparkline;
  if (values.length === 0) return `No recent posts for ${row.term}`;
  return `${row.term}, last ${values.length} minutes: from ${values[0] ?? 0} to ${values.at(-1) ?? 0} posts per minute, peak ${Math.max(...values)}`;
};

const signClass = (value: number): string => {
  if (value > 0) return 'num velocity velocity--up';
  if (value < 0) return 'num velocity velocity--down';
  return 'num velocity';
};

export const termPath = (term: string): string => `/terms/${encodeURIComponent(term)}`;

/**
 * The live board of rising terms. While the pointer or keyboard focus is inside the table, rows keep
 * their places (numbers still update), so nothing jumps away under the cursor.
 */
export const TermsBoard = ({ rows, selectedTerm, onSelect }: TermsBoardProps) => {
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const frozen = hovered || focused;
  const shown = useFrozenOrder(rows, (row) => row.term, frozen);
  const columns = presentColumns(rows);

  return (
    <table
      className="terms-table"
      data-testid="terms-board"
      data-frozen={frozen}
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false);
      }}
    >
      <caption className="visually-hidden">
        Fastest-rising terms by spread score. Order holds while you point at or focus the table.
      </caption>
      <thead>
        <tr>
          <th scope="col">Term</th>
          <th scope="col" className="num">
            Rate/min
          </th>
          <th scope="col" className="num">
            Velocity
          </th>
          {columns.acceleration ? (
            <th scope="col" className="num">
              Accel.
            </th>
          ) : null}
          {columns.uniqueAuthors ? (
            <th scope="col" className="num">
              Authors
            </th>
          ) : null}
          {columns.firstTimeAuthors ? (
            <th
              scope="col"
              className="num"
              title="Authors posting the term for the first time, last minute"
            >
              New authors
            </th>
          ) : null}
          {columns.amplificationShare ? (
            <th scope="col" className="num">
              Amplified
            </th>
          ) : null}
          {columns.forecast ? (
            <th
              scope="col"
              className="num"
              title="Predicted further posts above baseline (90% interval)"
            >
              Forecast
            </th>
          ) : null}
          <th scope="col" className="num">
            Score
          </th>
          <th scope="col">Last 30 min</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((row) => {
          const selected = row.term === selectedTerm;
          return (
            <tr
              key={row.term}
              className={selected ? 'is-selected' : undefined}
              data-term={row.term}
              onClick={() => onSelect(row.term)}
            >
              <th scope="row">
                <div className="term-cell">
                  <button
                    type="button"
                    className="term-button"
                    aria-pressed={selected}
                    title="Chart this term"
                  >
                    {row.term}
                  </button>
                  <Link
                    className="term-open"
                    to={termPath(row.term)}
                    aria-label={`Open ${row.term}`}
                    onClick={(event) => event.stopPropagation()}
                  >
                    Open
                  </Link>
                </div>
                {row.related !== undefined && row.related.length > 0 ? (
                  <p className="related">
                    <span className="related__label">Related rising:</span>{' '}
                    {row.related.slice(0, 4).map((term) => (
                      <Link
                        key={term}
                        className="chip"
                        to={termPath(term)}
                        onClick={(event) => event.stopPropagation()}
                      >
                        {term}
                      </Link>
                    ))}
                  </p>
                ) : null}
              </th>
              <td className="num">{formatNumber(row.rate)}</td>
              <td className={signClass(row.velocity)}>{formatSigned(row.velocity)}</td>
              {columns.acceleration ? (
                <td className={signClass(row.acceleration ?? 0)}>
                  {row.acceleration === undefined ? '–' : formatSigned(row.acceleration, 2)}
                </td>
              ) : null}
              {columns.uniqueAuthors ? <td className="num">{row.uniqueAuthors ?? '–'}</td> : null}
              {columns.firstTimeAuthors ? (
                <td className="num">{row.firstTimeAuthors ?? '–'}</td>
              ) : null}
              {columns.amplificationShare ? (
                <td className="num">
                  {row.amplificationShare === undefined
                    ? '–'
                    : formatPercent(row.amplificationShare)}
                </td>
              ) : null}
              {columns.forecast ? (
                <td className="num" title="Forecast posts per minute">
                  {row.forecast?.expected === undefined ? '–' : formatNumber(row.forecast.expected)}
                </td>
              ) : null}
              <td className="num score">{formatNumber(row.score, 2)}</td>
              <td>
                <Sparkline values={row.sparkline} label={sparklineLabel(row)} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};
