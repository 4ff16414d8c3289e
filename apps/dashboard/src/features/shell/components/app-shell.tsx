import type { CurrentUser } from '@spreadwatch/contracts';
import { NavLink, Outlet } from 'react-router';

import { userTimeZone } from '../../../lib/format';
import { useSettings } from '../../../lib/settings-context';
import { useLogout } from '../../auth/hooks/use-auth';
import { AppHeader } from '../../live/components/app-header';
import { useLiveUpdates } from '../../live/hooks/use-live-updates';

const NAV: readonly { to: string; label: string; end?: boolean }[] = [
  { to: '/', label: 'Live board', end: true },
  { to: '/alerts', label: 'Alerts' },
  { to: '/clusters', label: 'Clusters' },
  { to: '/rules', label: 'Watchlists & rules' },
  { to: '/silences', label: 'Silences' },
  { to: '/sources', label: 'Sources' },
  { to: '/settings', label: 'Settings' },
];

/** Header, navigation and the one live socket every page shares. */
export const AppShell = ({ user }: { user: CurrentUser }) => {
  const status = useLiveUpdates();
  const logout = useLogout();
  // Re-render on a zone change so every time on screen follows it.
  useSettings();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader
        user={user}
        status={status}
        timeZone={userTimeZone()}
        onLogout={() => logout.mutate()}
        loggingOut={logout.isPending}
      />
      <nav className="main-nav" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </div>
    </div>
  );
};
