import type { LoginRequest } from '@spreadwatch/contracts';
import { useId, useState, type FormEvent } from 'react';

import { isApiError } from '../../../lib/api-client';

export interface LoginFormProps {
  onSubmit: (credentials: LoginRequest) => void;
  pending?: boolean;
  /** The last failed attempt, shown above the button. */
  error?: Error | null;
}

interface FieldErrors {
  username?: string;
  password?: string;
}

export const loginErrorMessage = (error: Error): string => {
  if (!isApiError(error)) return 'Sign-in failed. Please try again.';
  if (error.status === 401) return 'Incorrect username or password.';
  if (error.status === 429) return 'Too many attempts. Wait a minute and try again.';
  return error.message;
};

const validate = ({ username, password }: LoginRequest): FieldErrors => ({
  username: username.trim().length === 0 ? 'Enter your username.' : undefined,
  password: password.length === 0 ? 'Enter your password.' : undefined,
});

export const LoginForm = ({ onSubmit, pending = false, error = null }: LoginFormProps) => {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors = validate({ username, password });
    setFieldErrors(errors);
    if (errors.username === undefined && errors.password === undefined) {
      onSubmit({ username: username.trim(), password });
    }
  };

  const usernameId = `${id}-username`;
  const passwordId = `${id}-password`;

  return (
    <form className="login-form" onSubmit={handleSubmit} noValidate aria-busy={pending}>
      <div className="field">
        <label htmlFor={usernameId}>Username</label>
        <input
          id={usernameId}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          aria-invalid={fieldErrors.username !== undefined}
          aria-describedby={fieldErrors.username === undefined ? undefined : `${usernameId}-error`}
        />
        {fieldErrors.username === undefined ? null : (
          <p className="field-error" id={`${usernameId}-error`}>
            {fieldErrors.username}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={fieldErrors.password !== undefined}
          aria-describedby={fieldErrors.password === undefined ? undefined : `${passwordId}-error`}
        />
        {fieldErrors.password === undefined ? null : (
          <p className="field-error" id={`${passwordId}-error`}>
            {fieldErrors.password}
          </p>
        )}
      </div>
      {error === null ? null : (
        <p className="form-error" role="alert">
          {loginErrorMessage(error)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
};
