import { type AlertRuleView, formatIssues, RuleInputSchema } from '@spreadwatch/contracts';

import { queryKeys } from '../../../lib/query-keys';
import { useUrlState } from '../../../lib/use-url-state';
import { collectionApi } from '../api/collection-api';
import { CollectionEditor } from './collection-editor';

interface WatchlistView {
  id: string;
  name?: string;
  terms?: unknown[];
  protected?: boolean;
}

const watchlistsApi = collectionApi<WatchlistView>('/api/watchlists');
const rulesApi = collectionApi<AlertRuleView>('/api/alerting/rules');

const TABS: readonly [string, string][] = [
  ['watchlists', 'Watchlists'],
  ['rules', 'Alert rules'],
];

const WATCHLIST_TEMPLATE = {
  name: 'new-watchlist',
  protected: false,
  terms: [{ term: 'example leak', variants: ['examp1e leak'], synonyms: [], protected: false }],
  threshold: { score: 8 },
};

const RULE_TEMPLATE = {
  name: 'FastRise',
  description: 'Score and volume both high',
  enabled: true,
  when: {
    all: [
      { metric: 'score', op: '>=', value: 8 },
      { metric: 'windowCount', op: '>=', value: 20 },
    ],
  },
  severity: 'warning',
  escalate: [{ severity: 'critical', when: { metric: 'score', op: '>=', value: 20 } }],
  forMinutes: 1,
  resolveAfterMinutes: 5,
  labels: {},
};

const validateRule = (value: unknown): string | null => {
  const result = RuleInputSchema.safeParse(value);
  return result.success ? null : formatIssues(result.error);
};

/** Watchlists (terms, variants, synonym groups, protected flags, thresholds) and alert rules. */
export const RulesPage = () => {
  const [params, update] = useUrlState();
  const tab = params.get('tab') ?? 'watchlists';
  return (
    <main className="page">
      <div className="page-header">
        <h1>Watchlists &amp; rules</h1>
      </div>
      <div className="tabs" role="tablist" aria-label="Editors">
        {TABS.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            id={`tab-${key}`}
            aria-selected={tab === key}
            aria-controls={`panel-${key}`}
            className="tab"
            onClick={() => update({ tab: key === 'watchlists' ? null : key }, { push: true })}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'rules' ? (
          <CollectionEditor<AlertRuleView>
            title="Alert rules"
            queryKey={queryKeys.rules.rules}
            api={rulesApi}
            template={RULE_TEMPLATE}
            validate={validateRule}
            describe={(r) =>
              `${r.name} · ${r.severity}${r.enabled ? '' : ' · disabled'} — ${r.description}`
            }
            help={
              <p className="muted">
                Conditions combine metric comparisons with <code>all</code>, <code>any</code> and{' '}
                <code>not</code>; a rule fires after <code>forMinutes</code> matching minutes.
              </p>
            }
          />
        ) : (
          <CollectionEditor<WatchlistView>
            title="Watchlists"
            queryKey={queryKeys.rules.watchlists}
            api={watchlistsApi}
            template={WATCHLIST_TEMPLATE}
            describe={(w) =>
              `${w.name ?? w.id} · ${w.terms?.length ?? 0} terms${w.protected === true ? ' · protected' : ''}`
            }
            help={
              <p className="muted">
                Protected terms (e.g. a victim&apos;s name) are masked in emails, webhooks and
                exports.
              </p>
            }
          />
        )}
      </div>
    </main>
  );
};
