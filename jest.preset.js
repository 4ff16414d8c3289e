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

// Dependencies that ship ES modules only (Node ≥ 20.19 loads them natively; Jest's module system does not).
const ESM_ONLY = 'hyparquet|hyparquet-writer';

module.exports = {
  testEnvironment: 'node',
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY})/)`],
  transform: {
    [`/node_modules/(${ESM_ONLY})/.+\\.js$`]: [
      'babel-jest',
      { babelrc: false, configFile: false, plugins: ['@babel/plugin-transform-modules-commonjs'] },
    ],
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.spec.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: Object.fromEntries(
    libs.map((lib) => [`^@spreadwatch/${lib}$`, path.join(root, 'libs', lib, 'src', 'index.ts')]),
  ),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};
