// One Jest run over every Node project; the dashboard uses Vitest (see package.json "test").
module.exports = {
  // Global (ignored inside project configs): database and socket suites need more than the 5 s default.
  testTimeout: 60_000,
  projects: [
    '<rootDir>/libs/contracts',
    '<rootDir>/libs/simulator',
    '<rootDir>/libs/scoring',
    '<rootDir>/libs/alerting',
    '<rootDir>/libs/coordination',
    '<rootDir>/libs/connectors',
    '<rootDir>/libs/notify',
    '<rootDir>/libs/export',
    '<rootDir>/apps/cli',
    '<rootDir>/apps/api',
  ],
};
