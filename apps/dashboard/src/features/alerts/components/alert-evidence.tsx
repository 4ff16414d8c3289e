import type { Alert } from '@spreadwatch/contracts';

import { Link } from 'react-router';

import { formatNumber, formatShortDateTime } from '../../../lib/format';

/** One line that says why the alert fired, e.g. "142 posts in 5 min vs 5.0 expected (28×)". */
export const evidenceHeadline = (alert: Alert): string | undefined => {
  const { windowCount, windowMinutes, baseline, uniqueAuthors } = alert.evidence;
  const parts: string[] = [];
  if (windowCount !== undefined) {
    const window = windowMinutes === undefined ? '' : ` in ${windowMinutes} min`;
    let text = `${formatNumber(windowCount, 0)} posts${window}`;
    if (baseline !== undefined) {
      text += ` vs ${formatNumber(baseline)} expected`;
      if (baseline > 0) text += ` (${formatNumber(windowCount / baseline)}×)`;
    }
    parts.push(text);
  }
  if (uniqueAuthors !== undefined) parts.push(`${formatNumber(uniqueAuthors, 0)} authors`);
  return parts.length === 0 ? undefined : parts.join(' · ');
};

const KNOWN = new Set([
  'windowCount',
  'windowMinutes',
  'baseline',
  'statistic',
  'value',
  'threshold',
  'uniqueAuthors',
  'topAccounts',
  'clusterId',
]);

const scalar = (value: unknown): string | undefined => {
  if (typeof value === 'number') return formatNumber(value, Number.isInteger(value) ? 0 : 2);
  if (typeof value === 'string') {
    // Instants inside evidence are UTC ISO; show them in the reader's zone.
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) ? formatShortDateTime(value) : value;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return undefined;
};

/** The numbers behind an alert as a definition list; detector-specific scalars are listed too. */
export const AlertEvidence = ({ alert }: { alert: Alert }) => {
  const e = alert.evidence;
  const rows: [string, string][] = [];
  if (e.windowCount !== undefined) {
    rows.push([
      `Posts in window${e.windowMinutes === undefined ? '' : ` (${e.windowMinutes} min)`}`,
      formatNumber(e.windowCount, 0),
    ]);
  }
  if (e.baseline !== undefined) rows.push(['Expected (baseline)', formatNumber(e.baseline)]);
  if (e.value !== undefined) {
    const threshold = e.threshold === undefined ? '' : ` (threshold ${formatNumber(e.threshold)})`;
    rows.push([e.statistic ?? 'Statistic', `${formatNumber(e.value, 2)}${threshold}`]);
  }
  if (e.uniqueAuthors !== undefined)
    rows.push(['Unique authors', formatNumber(e.uniqueAuthors, 0)]);
  for (const [key, value] of Object.entries(e)) {
    if (KNOWN.has(key)) continue;
    const text = scalar(value);
    if (text !== undefined) rows.push([key, text]);
  }
  return (
    <div className="evidence">
      {rows.length === 0 ? null : (
        <dl className="evidence__list">
          {rows.map(([label, value]) => (
            <div key={label} className="evidence__row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {typeof e['clusterId'] === 'string' ? (
        <p>
          <Link
            to={`/clusters/${encodeURIComponent(e['clusterId'])}`}
            data-testid="alert-cluster-link"
          >
            Open the coordinated group
          </Link>
        </p>
      ) : null}
      {e.topAccounts !== undefined && e.topAccounts.length > 0 ? (
        <>
          <h4 className="evidence__title">Top accounts</h4>
          <ol className="evidence__accounts">
            {e.topAccounts.slice(0, 8).map((account) => (
              <li key={account.id}>
                <span className="mono">{account.id}</span>{' '}
                <span className="muted">{account.count} posts</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
};
