import { lazy, Suspense } from 'react';

import { LoginPage } from './features/auth/components/login-page';
import { useCurrentUser } from './features/auth/hooks/use-auth';

// The live board carries recharts and socket.io; the login page should not wait for them.
const LivePage = lazy(() =>
  import('./features/live/components/live-page').then(({ LivePage: page }) => ({ default: page })),
);

const Loading = ({ text }: { text: string }) => (
  <p className="boot" role="status">
    {text}
  </p>
);

/** Thin route: the session decides between the login page and the live board. */
export const App = () => {
  const me = useCurrentUser();

  if (me.isPending) return <Loading text="Loading Spreadwatch…" />;
  if (me.error !== null && me.data === undefined) {
    return (
      <main className="boot" role="alert">
        <p>Cannot reach Spreadwatch: {me.error.message}</p>
        <button type="button" className="button" onClick={() => void me.refetch()}>
          Retry
        </button>
      </main>
    );
  }
  if (!me.data) return <LoginPage />;
  return (
    <Suspense fallback={<Loading text="Loading the live board…" />}>
      <LivePage user={me.data} />
    </Suspense>
  );
};
