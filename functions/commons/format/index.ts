export { formatDelta, formatDeltaAbsolute, formatDeltaRelative } from './delta.js';
export {
  jsonText,
  recordOf,
  slackPlainText,
  slackText,
  teamsText,
  terminalLine,
  terminalText,
} from './encode.js';
export { escapeHtml } from './html.js';
export {
  atStart,
  dimensionLabel,
  dimensionValueLabel,
  dimensionWord,
  inSentence,
  segmentName,
} from './humanize.js';
export { formatClock, formatInstant, formatPeriodRange, formatSpan } from './instant.js';
export { cutAtWord, cutMuxText, type MuxTextPart, muxTextHtml, muxTextParts, muxTextPlain } from './mux-text.js';
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
