// One Jest run over every Node project; the dashboard uses Vitest (see package.json "test").
module.exports = {
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
