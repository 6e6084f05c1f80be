/** The flags of `npm run build` (scripts/build.ts): errors name the flag or the handler. */
import { describe, expect, it } from 'vitest';
import { parseBuildArgs } from '../../scripts/build.js';

describe('parseBuildArgs', () => {
  it('reads --only and --out', () => {
    expect(parseBuildArgs([])).toEqual({ only: undefined, out: undefined });
    expect(parseBuildArgs(['--only', 'on-demand', '--out', '/tmp/x'])).toEqual({ only: 'on-demand', out: '/tmp/x' });
  });

  it('refuses unknown flags, handlers, missing values and --out alone', () => {
    expect(() => parseBuildArgs(['--watch'])).toThrow(
      'usage: build.ts [--only <scheduled-report|on-demand|archive-exports|unsubscribe|mail-events>',
    );
    expect(() => parseBuildArgs(['--only', 'ondemand'])).toThrow('--only: unknown handler "ondemand"');
    expect(() => parseBuildArgs(['--only'])).toThrow('(at "--only")');
    expect(() => parseBuildArgs(['--out', '/tmp/x'])).toThrow('--out needs --only <handler>');
  });
});
