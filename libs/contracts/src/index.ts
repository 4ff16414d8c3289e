export * from './common';
export * from './observation';
export * from './alert';
export * from './api';
export * from './events';
export * from './fast-observation-parser';
