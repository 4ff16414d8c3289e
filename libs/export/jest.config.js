module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'export',
  rootDir: __dirname,
};
