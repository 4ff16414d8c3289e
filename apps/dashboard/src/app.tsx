import { BrowserRouter } from 'react-router';

import { LoginPage } from './features/auth/components/login-page';
import { useCurrentUser } from './features/auth/hooks/use-auth';
import { AppRoutes } from './features/shell/components/app-routes';

const Loading = ({ text }: { text: string }) => (
  <p className="boot" role="status">
    {text}
  </p>
);

/**
 * The session decides between the login page and the app. The router wraps both, so a shared link opened
 * while signed out lands on the same view after signing in.
 */
export const App = () => {
  const me = useCurrentUser();

  let body;
  if (me.isPending) body = <Loading text="Loading Spreadwatch…" />;
  else if (me.error !== null && me.data === undefined) {
    body = (
      <main className="boot" role="alert">
        <p>Cannot reach Spreadwatch: {me.error.message}</p>
        <button type="button" className="button" onClick={() => void me.refetch()}>
          Retry
        </button>
      </main>
    );
  } else if (!me.data) body = <LoginPage />;
  else body = <AppRoutes user={me.data} />;
  return <BrowserRouter>{body}</BrowserRouter>;
};
