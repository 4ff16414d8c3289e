import type { TermSummary } from '@spreadwatch/contracts';

import { formatNumber, formatSigned } from '../../../lib/format';
import { Sparkline } from './sparkline';

export interface TermsTableProps {
  terms: readonly TermSummary[];
  selectedTerm: string | undefined;
  onSelect: (term: string) => void;
}

const sparklineLabel = (summary: TermSummary): string => {
  const values = summary.sparkline;
  if (values.length === 0) return `No recent posts for ${summary.term}`;
  return `${summary.term}, last ${values.length} minutes: from ${values[0] ?? 0} to ${values.at(-1) ?? 0} posts per minute, peak ${Math.max(...values)}`;
};

const velocityClass = (velocity: number): string => {
  if (velocity > 0) return 'num velocity velocity--up';
  if (velocity < 0) return 'num velocity velocity--down';
  return 'num velocity';
};

/** The live board of rising terms; a row click (or its term button) selects the term for the chart. */
export const TermsTable = ({ terms, selectedTerm, onSelect }: TermsTableProps) => (
  <table className="terms-table">
    <caption className="visually-hidden">
      Top rising terms by spread score. Select a term to chart it.
    </caption>
    <thead>
      <tr>
        <th scope="col">Term</th>
        <th scope="col" className="num">
          Rate/min
        </th>
        <th scope="col" className="num">
          Baseline
        </th>
        <th scope="col" className="num">
          Velocity
        </th>
        <th scope="col" className="num">
          Score
        </th>
        <th scope="col">Last 30 min</th>
      </tr>
    </thead>
    <tbody>
      {terms.map((summary) => {
        const selected = summary.term === selectedTerm;
        return (
          <tr
            key={summary.term}
            className={selected ? 'is-selected' : undefined}
            onClick={() => onSelect(summary.term)}
          >
            <th scope="row">
              <button type="button" className="term-button" aria-pressed={selected}>
                {summary.term}
              </button>
            </th>
            <td className="num">{formatNumber(summary.rate)}</td>
            <td className="num">{formatNumber(summary.baseline)}</td>
            <td className={velocityClass(summary.velocity)}>{formatSigned(summary.velocity)}</td>
            <td className="num score">{formatNumber(summary.score, 2)}</td>
            <td>
              <Sparkline values={summary.sparkline} label={sparklineLabel(summary)} />
            </td>
          </tr>
        );
      })}
    </tbody>
  </table>
);
