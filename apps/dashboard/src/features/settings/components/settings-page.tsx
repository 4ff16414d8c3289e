import {
  type CurrentUser,
  formatIssues,
  type SubscriptionView,
  SubscriptionInputSchema,
} from '@spreadwatch/contracts';
import { useId, useState } from 'react';

import { formatDateTime, isValidTimeZone } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import type { ThemeChoice } from '../../../lib/settings';
import { useSettings } from '../../../lib/settings-context';
import { collectionApi } from '../../rules/api/collection-api';
import { CollectionEditor } from '../../rules/components/collection-editor';

const subscriptionsApi = collectionApi<SubscriptionView>('/api/alerting/subscriptions');

const COMMON_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'America/New_York',
  'America/Los_Angeles',
];

const SUBSCRIPTION_TEMPLATE = {
  email: 'desk@example.org',
  desk: 'News desk',
  watchlists: [],
  terms: [],
  severities: ['warning', 'critical'],
  mode: 'digest',
  digestMinutes: 60,
  timezone: 'UTC',
  sendResolved: true,
};

const validateSubscription = (value: unknown): string | null => {
  const result = SubscriptionInputSchema.safeParse(value);
  return result.success ? null : formatIssues(result.error);
};

const TimeZoneField = () => {
  const id = useId();
  const { settings, update } = useSettings();
  const [draft, setDraft] = useState(settings.timeZone);
  const valid = draft === '' || isValidTimeZone(draft);
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="field">
      <label htmlFor={`${id}-tz`}>Time zone</label>
      <div className="inline-form">
        <input
          id={`${id}-tz`}
          className="input"
          list={`${id}-zones`}
          value={draft}
          placeholder={`Browser (${browserZone})`}
          aria-invalid={!valid}
          aria-describedby={`${id}-tz-help`}
          onChange={(event) => setDraft(event.target.value.trim())}
        />
        <datalist id={`${id}-zones`}>
          {COMMON_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        <button
          type="button"
          className="button"
          disabled={!valid}
          onClick={() => update({ timeZone: draft })}
        >
          Apply
        </button>
      </div>
      <p className="field-help" id={`${id}-tz-help`}>
        {valid
          ? `Times are stored in UTC and shown in ${settings.timeZone || browserZone}: now ${formatDateTime(new Date().toISOString())}.`
          : `"${draft}" is not a time zone this browser knows (try Europe/Berlin).`}
      </p>
    </div>
  );
};

/** Per-browser display settings and, for desks, email subscriptions. */
export const SettingsPage = ({ user }: { user: CurrentUser }) => {
  const { settings, update } = useSettings();
  const themeId = useId();
  return (
    <main className="page">
      <div className="page-header">
        <h1>Settings</h1>
        <p className="muted">
          Signed in as {user.username} ({user.role})
        </p>
      </div>
      <div className="split-grid">
        <section className="panel" aria-labelledby="display-title">
          <h2 id="display-title" className="section-title">
            Display (this browser)
          </h2>
          <TimeZoneField />
          <fieldset className="field fieldset">
            <legend>Theme</legend>
            {(['system', 'light', 'dark'] as const).map((theme: ThemeChoice) => (
              <label key={theme} className="radio" htmlFor={`${themeId}-${theme}`}>
                <input
                  type="radio"
                  id={`${themeId}-${theme}`}
                  name="theme"
                  value={theme}
                  checked={settings.theme === theme}
                  onChange={() => update({ theme })}
                />
                {theme === 'system' ? 'Follow the system' : theme === 'light' ? 'Light' : 'Dark'}
              </label>
            ))}
          </fieldset>
        </section>
        <CollectionEditor<SubscriptionView>
          title="Desk subscriptions"
          queryKey={queryKeys.subscriptions.all}
          api={subscriptionsApi}
          template={SUBSCRIPTION_TEMPLATE}
          validate={validateSubscription}
          readOnlyFields={['id', 'createdAt', 'createdBy', 'active']}
          describe={(s) =>
            `${s.desk} · ${s.email} · ${s.mode}${s.mode === 'digest' ? ` every ${s.digestMinutes} min` : ''}${s.active ? '' : ' · paused'}`
          }
          help={
            <p className="muted">
              Desks get alert emails immediately or as digests, with quiet hours.
            </p>
          }
        />
      </div>
    </main>
  );
};
