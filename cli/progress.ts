/**
 * Progress on stderr while a report is collected: one line that updates in place on a terminal, a line
 * every few calls otherwise (CI logs, tests), so stdout stays clean for the result.
 */
import { terminalLine } from '../functions/commons/format/encode.js';
import type { MuxEvent } from '../functions/commons/mux/index.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Non-terminal output: one line per this many calls (plus retries and 429s as they happen). */
const LINE_EVERY_CALLS = 5;

export class Progress {
  readonly #out: ProgressStream;
  readonly #label: string;
  readonly #startedAt = Date.now();
  #calls = 0;
  #retries = 0;
  #rateLimited = 0;
  #lineOpen = false;
  #finished = false;

  constructor(out: ProgressStream, label: string) {
    this.#out = out;
    this.#label = label;
  }

  get calls(): number {
    return this.#calls;
  }

  get retries(): number {
    return this.#retries;
  }

  get rateLimited(): number {
    return this.#rateLimited;
  }

  start(): void {
    this.#render(true);
  }

  /** Pass as `onMuxEvent`: counts HTTP attempts, reports retries and 429s. */
  readonly onMuxEvent = (event: MuxEvent): void => {
    switch (event.type) {
      case 'response':
        this.#calls++;
        this.#render(this.#calls % LINE_EVERY_CALLS === 0);
        break;
      case 'retry':
        this.#retries++;
        this.#note(`retrying ${event.path} in ${Math.round(event.delayMs)} ms (${event.reason})`);
        break;
      case 'rate_limited':
        this.#rateLimited++;
        this.#note(`Mux answered 429 Too Many Requests for ${event.path}; backing off`);
        break;
      case 'failed':
        this.#note(`${event.path} failed after ${event.attempts} attempt(s): ${event.error}`);
        break;
      case 'throttled':
        // The client's own limiter pacing us: expected, silent.
        break;
    }
  };

  /** Prints the final count once; ends the in-place line so the next output starts on a fresh line. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#render(true);
    if (this.#lineOpen) {
      this.#out.write('\n');
      this.#lineOpen = false;
    }
  }

  #text(): string {
    const seconds = ((Date.now() - this.#startedAt) / 1000).toFixed(1);
    const calls = `${this.#calls} Mux call${this.#calls === 1 ? '' : 's'}`;
    return terminalLine(`${this.#label}… ${calls}, ${seconds} s`);
  }

  #render(lineForLogs: boolean): void {
    if (this.#out.isTTY) {
      this.#out.write(`\r\x1b[2K${this.#text()}`);
      this.#lineOpen = true;
    } else if (lineForLogs) {
      this.#out.write(`${this.#text()}\n`);
    }
  }

  #note(text: string): void {
    if (this.#lineOpen) this.#out.write('\r\x1b[2K');
    this.#out.write(`  ${terminalLine(text)}\n`);
    if (this.#lineOpen) this.#out.write(this.#text());
  }
}
