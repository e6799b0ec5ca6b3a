/**
 * The agent's own version and the report format it speaks. Kept here rather than imported from
 * `@podwatch/shared` at run time, so the built agent needs nothing but Node (a test checks that
 * `REPORT_VERSION` matches the shared contract's `AGENT_REPORT_VERSION`).
 */
export const AGENT_VERSION = '0.1.0';
export const REPORT_VERSION = 1 as const;
