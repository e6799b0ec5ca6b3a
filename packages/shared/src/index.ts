export * from './agent-report.js';
export * from './costs.js';
export * from './countdown.js';
export * from './duration.js';
export * from './alerts.js';
export type * from './api-types.js';
export * from './balance.js';
