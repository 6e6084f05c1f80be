export { formatDelta, formatDeltaAbsolute, formatDeltaRelative } from './delta.js';
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
