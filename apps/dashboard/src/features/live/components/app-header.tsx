import type { CurrentUser } from '@spreadwatch/contracts';

import type { LiveStatus } from '../hooks/use-live-updates';

export interface AppHeaderProps {
  user: CurrentUser;
  status: LiveStatus;
  timeZone: string;
  onLogout: () => void;
  loggingOut?: boolean;
}

const STATUS_LABEL: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline, reconnecting',
};

export const AppHeader = ({
  user,
  status,
  timeZone,
  onLogout,
  loggingOut = false,
}: AppHeaderProps) => (
  <header className="app-header">
    <div className="app-header__brand">
      <span className="brand">Spreadwatch</span>
      <span className={`live-status live-status--${status}`} role="status">
        <span className="live-status__dot" aria-hidden="true" />
        {STATUS_LABEL[status]}
      </span>
    </div>
    <div className="app-header__user">
      <span className="tz-note">Times in {timeZone}</span>
      <span className="user">
        <span className="user__name">{user.username}</span>
        <span className="user__role">{user.role}</span>
      </span>
      <button type="button" className="button" onClick={onLogout} disabled={loggingOut}>
        {loggingOut ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  </header>
);
