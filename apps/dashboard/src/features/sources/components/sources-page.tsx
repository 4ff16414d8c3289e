import { useQuery } from '@tanstack/react-query';

import { apiClient, isMissingEndpoint } from '../../../lib/api-client';
import { formatAge, formatShortDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { useNow } from '../../../lib/use-now';
import { ErrorNote } from '../../shell/components/error-note';

/** One source's health as GET /api/sources (issue #4) reports it; fields read defensively. */
export interface SourceHealthView {
  name: string;
  kind?: string;
  enabled?: boolean;
  status?: string;
  lastSuccessAt?: string | null;
  lastErrorAt?: string | null;
  lastError?: string | null;
  lagSeconds?: number | null;
  errorCount?: number;
  postsPerMinute?: number | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const toSourceView = (raw: unknown): SourceHealthView | null => {
  if (!isRecord(raw)) return null;
  const name = str(raw['name']) ?? str(raw['source']) ?? str(raw['id']);
  if (name === null) return null;
  const lagMs = num(raw['lagMs']);
  return {
    name,
    kind: str(raw['kind']) ?? str(raw['type']) ?? undefined,
    enabled: typeof raw['enabled'] === 'boolean' ? raw['enabled'] : undefined,
    status: str(raw['status']) ?? str(raw['state']) ?? str(raw['health']) ?? undefined,
    lastSuccessAt: str(raw['lastSuccessAt']) ?? str(raw['lastPollAt']) ?? str(raw['lastFetchAt']),
    lastErrorAt: str(raw['lastErrorAt']),
    lastError: str(raw['lastError']) ?? str(raw['error']),
    lagSeconds: num(raw['lagSeconds']) ?? (lagMs === null ? null : lagMs / 1000),
    errorCount: num(raw['errorCount']) ?? num(raw['errors']) ?? undefined,
    postsPerMinute: num(raw['postsPerMinute']) ?? num(raw['rate']),
  };
};

const loadSources = async (signal?: AbortSignal): Promise<SourceHealthView[] | null> => {
  try {
    const body = await apiClient.get<unknown>('/api/sources', { signal });
    const list = Array.isArray(body)
      ? body
      : isRecord(body) && Array.isArray(body['items'])
        ? body['items']
        : [];
    return (list as unknown[]).map(toSourceView).filter((s): s is SourceHealthView => s !== null);
  } catch (error) {
    if (isMissingEndpoint(error)) return null;
    throw error;
  }
};

const statusClass = (status: string | undefined): string => {
  if (status === undefined) return 'state-chip';
  if (/ok|healthy|up|running|live/i.test(status)) return 'state-chip state-chip--ok';
  if (/degraded|lag|slow|backoff|rate/i.test(status)) return 'state-chip state-chip--warn';
  if (/error|down|fail/i.test(status)) return 'state-chip state-chip--bad';
  return 'state-chip';
};

/** Health of every connector: status, lag and the last error. */
export const SourcesPage = () => {
  const now = useNow(15_000);
  const sources = useQuery({
    queryKey: queryKeys.sources.all,
    queryFn: ({ signal }) => loadSources(signal),
    refetchInterval: 15_000,
  });
  return (
    <main className="page">
      <div className="page-header">
        <h1>Sources</h1>
      </div>
      <section className="panel" aria-labelledby="sources-title">
        <h2 id="sources-title" className="visually-hidden">
          Source health
        </h2>
        {sources.error === null ? null : <ErrorNote what="sources" error={sources.error} />}
        {sources.data === null ? (
          <p className="empty-state">Source health is not available on this server yet.</p>
        ) : sources.isPending ? (
          <p className="empty-state">Loading…</p>
        ) : (sources.data ?? []).length === 0 ? (
          <p className="empty-state">No sources configured.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Sources">
            <table className="data-table" data-testid="sources-table">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Lag
                  </th>
                  <th scope="col">Last success</th>
                  <th scope="col" className="num">
                    Errors
                  </th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {(sources.data ?? []).map((s) => (
                  <tr key={s.name}>
                    <th scope="row">
                      {s.name}
                      {s.kind === undefined || s.kind === s.name ? null : (
                        <span className="muted"> · {s.kind}</span>
                      )}
                    </th>
                    <td>
                      <span className={statusClass(s.status)}>
                        {s.enabled === false ? 'disabled' : (s.status ?? 'unknown')}
                      </span>
                    </td>
                    <td className="num">
                      {s.lagSeconds == null ? '–' : `${Math.round(s.lagSeconds)} s`}
                    </td>
                    <td>
                      {s.lastSuccessAt == null ? (
                        '–'
                      ) : (
                        <time
                          dateTime={s.lastSuccessAt}
                          title={formatShortDateTime(s.lastSuccessAt)}
                        >
                          {formatAge(Date.parse(s.lastSuccessAt), now)}
                        </time>
                      )}
                    </td>
                    <td className="num">{s.errorCount ?? '–'}</td>
                    <td className="wrap">
                      {s.lastError == null ? '–' : s.lastError}
                      {s.lastErrorAt == null ? null : (
                        <span className="muted"> ({formatShortDateTime(s.lastErrorAt)})</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
};
