import type { LoginRequest } from '@spreadwatch/contracts';
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ApiError } from '../../../lib/api-client';
import { createQueryClient } from '../../../lib/query-client';
import { queryKeys } from '../../../lib/query-keys';
import { LoginForm } from './login-form';
import { LoginPage } from './login-page';

const fill = (username: string, password: string) => {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
};

const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

describe(LoginForm.name, () => {
  afterEach(cleanup);

  it('labels its fields', () => {
    render(<LoginForm onSubmit={vi.fn()} />);

    expect(screen.getByLabelText('Username').getAttribute('autocomplete')).toBe('username');
    expect(screen.getByLabelText('Password').getAttribute('type')).toBe('password');
  });

  it('reports empty fields next to them and does not submit', () => {
    const onSubmit = vi.fn<(credentials: LoginRequest) => void>();
    render(<LoginForm onSubmit={onSubmit} />);

    submit();

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Enter your username.')).toBeTruthy();
    expect(screen.getByText('Enter your password.')).toBeTruthy();
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Username').getAttribute('aria-describedby')).toBe(
      screen.getByText('Enter your username.').id,
    );
  });

  it('submits trimmed credentials', () => {
    const onSubmit = vi.fn<(credentials: LoginRequest) => void>();
    render(<LoginForm onSubmit={onSubmit} />);

    fill('  admin ', ' secret ');
    submit();

    expect(onSubmit).toHaveBeenCalledWith({ username: 'admin', password: ' secret ' });
  });

  it.each([
    { error: new ApiError(401, 'Invalid credentials'), shown: 'Incorrect username or password.' },
    { error: new ApiError(400, 'username must be a string'), shown: 'username must be a string' },
    {
      error: new ApiError(0, 'Cannot reach the Spreadwatch server.'),
      shown: 'Cannot reach the Spreadwatch server.',
    },
    { error: new Error('boom'), shown: 'Sign-in failed. Please try again.' },
  ])('shows "$shown" as an alert', ({ error, shown }) => {
    render(<LoginForm onSubmit={vi.fn()} error={error} />);

    expect(screen.getByRole('alert').textContent).toBe(shown);
  });

  it('disables the button while signing in', () => {
    render(<LoginForm onSubmit={vi.fn()} pending />);

    expect(screen.getByRole('button', { name: 'Signing in…' }).hasAttribute('disabled')).toBe(true);
  });
});

describe(LoginPage.name, () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  const renderPage = () => {
    const queryClient = createQueryClient();
    render(
      <QueryClientProvider client={queryClient}>
        <LoginPage />
      </QueryClientProvider>,
    );
    return queryClient;
  };

  it('shows the error of a rejected login', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({
              statusCode: 401,
              error: 'Unauthorized',
              message: 'Invalid credentials',
            }),
            { status: 401 },
          ),
        ),
      ),
    );
    renderPage();

    fill('admin', 'wrong');
    submit();

    expect((await screen.findByRole('alert')).textContent).toBe('Incorrect username or password.');
  });

  it('stores the signed-in user', async () => {
    const user = { id: 'u1', username: 'admin', role: 'admin' };
    const fetchMock = vi.fn(() =>
      Promise.resolve(new Response(JSON.stringify(user), { status: 200 })),
    );
    vi.stubGlobal('fetch', fetchMock);
    const queryClient = renderPage();

    fill('admin', 'right');
    submit();

    await vi.waitFor(() => expect(queryClient.getQueryData(queryKeys.auth.me)).toEqual(user));
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/auth/login',
      expect.objectContaining({ method: 'POST' }),
    );
  });
});
