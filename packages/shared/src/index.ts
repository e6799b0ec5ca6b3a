export * from './agent-report.js';
export * from './costs.js';
export * from './countdown.js';
export * from './duration.js';
export * from './alerts.js';
export type * from './api-types.js';
export * from './busy-rule.js';
export * from './instance-actions.js';
export * from './balance.js';
