/** The environment variable holding the report queue's URL: set by infra/stack.ts, read by ./queue.ts (fan-out). */
export const QUEUE_URL_ENV = 'REPORT_QUEUE_URL';
