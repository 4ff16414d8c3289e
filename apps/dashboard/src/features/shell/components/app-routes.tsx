import type { CurrentUser } from '@spreadwatch/contracts';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';

import { AppShell } from './app-shell';

// One chunk per page: the first page carries only what the live board needs.
const LiveBoardPage = lazy(() =>
  import('../../live/components/live-page').then((m) => ({ default: m.LivePage })),
);
const TermDetailPage = lazy(() =>
  import('../../terms/components/term-detail-page').then((m) => ({ default: m.TermDetailPage })),
);
const AlertInboxPage = lazy(() =>
  import('../../alerts/components/alert-inbox-page').then((m) => ({ default: m.AlertInboxPage })),
);
const ClustersPage = lazy(() =>
  import('../../clusters/components/clusters-page').then((m) => ({ default: m.ClustersPage })),
);
const RulesPage = lazy(() =>
  import('../../rules/components/rules-page').then((m) => ({ default: m.RulesPage })),
);
const SilencesPage = lazy(() =>
  import('../../silences/components/silences-page').then((m) => ({ default: m.SilencesPage })),
);
const SourcesPage = lazy(() =>
  import('../../sources/components/sources-page').then((m) => ({ default: m.SourcesPage })),
);
const SettingsPage = lazy(() =>
  import('../../settings/components/settings-page').then((m) => ({ default: m.SettingsPage })),
);

const PageLoading = () => (
  <p className="boot" role="status">
    Loading…
  </p>
);

const page = (element: React.ReactNode) => (
  <Suspense fallback={<PageLoading />}>{element}</Suspense>
);

export const AppRoutes = ({ user }: { user: CurrentUser }) => (
  <Routes>
    <Route element={<AppShell user={user} />}>
      <Route index element={page(<LiveBoardPage />)} />
      <Route path="terms/:term" element={page(<TermDetailPage />)} />
      <Route path="alerts" element={page(<AlertInboxPage />)} />
      <Route path="clusters" element={page(<ClustersPage />)} />
      <Route path="clusters/:id" element={page(<ClustersPage />)} />
      <Route path="rules" element={page(<RulesPage />)} />
      <Route path="silences" element={page(<SilencesPage />)} />
      <Route path="sources" element={page(<SourcesPage />)} />
      <Route path="settings" element={page(<SettingsPage user={user} />)} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Route>
  </Routes>
);
