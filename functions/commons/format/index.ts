export { formatDelta, formatDeltaAbsolute, formatDeltaRelative } from './delta.js';
export { formatClock, formatInstant, formatPeriodRange, formatSpan } from './instant.js';
export {
  fixed,
  formatBps,
  formatCount,
  formatMs,
  formatPercentage,
  formatPerMinute,
  formatScore,
  formatValue,
  isNum,
  MINUS,
  NA,
} from './number.js';
export { cpLength, headerSafe, oneLine, padEnd, padStart, safeUrl, truncate, wrap } from './text.js';
