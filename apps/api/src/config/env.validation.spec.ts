import { validateEnv } from './env.validation';

describe(validateEnv.name, () => {
  it('applies defaults to an empty environment', () => {
    expect(validateEnv({})).toMatchObject({
      PORT: 3000,
      DATA_DIR: './.data',
      SIMULATOR_ENABLED: true,
      SIMULATOR_SPEED: 60,
      RETENTION_DAYS: 30,
    });
  });

  it.each([
    [
      { PORT: '3001', SIMULATOR_ENABLED: 'false' },
      { PORT: 3001, SIMULATOR_ENABLED: false },
    ],
    [
      { DATABASE_URL: 'postgresql://u@localhost/db' },
      { DATABASE_URL: 'postgresql://u@localhost/db' },
    ],
  ])('parses %j', (raw, expected) => {
    expect(validateEnv(raw)).toMatchObject(expected);
  });

  it('treats an empty variable as unset', () => {
    expect(validateEnv({ SPREADWATCH_ADMIN_PASSWORD: '' })).not.toHaveProperty(
      'SPREADWATCH_ADMIN_PASSWORD',
    );
  });

  it('lists every bad variable in one error', () => {
    expect(() =>
      validateEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SIMULATOR_SPEED: '-1',
        SIMULATOR_ENABLED: 'maybe',
        SPREADWATCH_ADMIN_PASSWORD: 'short',
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /PORT: [\s\S]*DATABASE_URL: must be a postgres[\s\S]*SPREADWATCH_ADMIN_PASSWORD: must be at least 8[\s\S]*SIMULATOR_ENABLED: must be true or false[\s\S]*SIMULATOR_SPEED: /,
        ),
      }),
    );
  });
});
