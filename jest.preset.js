// Shared Jest settings: ts-jest (it emits decorator metadata, which Nest needs) and the workspace aliases.
const path = require('node:path');

const root = __dirname;
const libs = [
  'contracts',
  'simulator',
  'scoring',
  'alerting',
  'coordination',
  'connectors',
  'notify',
  'export',
];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.spec.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries(
    libs.map((lib) => [`^@spreadwatch/${lib}$`, path.join(root, 'libs', lib, 'src', 'index.ts')]),
  ),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
