import { useLogin } from '../hooks/use-auth';
import { LoginForm } from './login-form';

export const LoginPage = () => {
  const login = useLogin();
  return (
    <main className="login-page">
      <section className="login-card" aria-labelledby="login-title">
        <p className="brand">Spreadwatch</p>
        <h1 id="login-title">Sign in</h1>
        <p className="login-intro">Early warning for fast-spreading leak rumours. Metadata only.</p>
        <LoginForm
          onSubmit={(credentials) => login.mutate(credentials)}
          pending={login.isPending}
          error={login.error}
        />
      </section>
    </main>
  );
};
