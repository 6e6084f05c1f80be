import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../functions/commons/settings/index.js';
import { testConfig } from '../helpers/handler-world.js';

const base = {
  REPORTS_CONFIG: JSON.stringify(testConfig),
  SNAPSHOT_BUCKET: 'my-bucket',
  IDEMPOTENCY_TABLE: 'my-table',
};

async function settingsError(env: Record<string, string | undefined>): Promise<SettingsError> {
  try {
    await loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('expected a SettingsError');
}

describe('loadSettings', () => {
  it('reads the variables with defaults', async () => {
    const s = await loadSettings(base);
    expect(s).toMatchObject({
      snapshotBucket: 'my-bucket',
      idempotencyTable: 'my-table',
      muxBaseUrl: undefined,
      logLevel: 'INFO',
      muxClient: {},
    });
    expect(s.config.reports.map((r) => r.id)).toContain('weekly-qoe');
    expect(
      await loadSettings({ ...base, LOG_LEVEL: 'debug', MUX_BASE_URL: 'http://127.0.0.1:4010', MUX_MAX_RETRIES: '2' }),
    ).toMatchObject({ logLevel: 'DEBUG', muxBaseUrl: 'http://127.0.0.1:4010', muxClient: { maxRetries: 2 } });
    // Empty optional variables count as unset.
    expect((await loadSettings({ ...base, MUX_BASE_URL: '', LOG_LEVEL: '' })).muxBaseUrl).toBeUndefined();
  });

  it('names the missing or invalid variable', async () => {
    expect((await settingsError({ ...base, SNAPSHOT_BUCKET: undefined })).message).toBe(
      'invalid setting SNAPSHOT_BUCKET: is required',
    );
    expect((await settingsError({ ...base, SNAPSHOT_BUCKET: 'Not_A_Bucket' })).variable).toBe('SNAPSHOT_BUCKET');
    expect((await settingsError({ ...base, IDEMPOTENCY_TABLE: '' })).message).toMatch(
      /^invalid setting IDEMPOTENCY_TABLE/,
    );
    expect((await settingsError({ ...base, LOG_LEVEL: 'loud' })).message).toMatch(
      /LOG_LEVEL: must be one of TRACE, DEBUG/,
    );
    expect((await settingsError({ ...base, MUX_BASE_URL: 'ftp://x' })).message).toMatch(
      /MUX_BASE_URL: must be an http/,
    );
    expect((await settingsError({ ...base, MUX_MAX_RETRIES: 'many' })).message).toMatch(
      /MUX_MAX_RETRIES: must be a whole/,
    );
    expect((await settingsError({ ...base, REPORTS_CONFIG: undefined })).message).toMatch(
      /REPORTS_CONFIG: is required .* or set REPORTS_CONFIG_PATH/,
    );
    const bad = await settingsError({ ...base, REPORTS_CONFIG: '{"environments": [], "reports": []}' });
    expect(bad.variable).toBe('REPORTS_CONFIG');
    expect(bad.message).toMatch(/REPORTS_CONFIG environment variable/);
    const missingFile = await settingsError({ ...base, REPORTS_CONFIG: undefined, REPORTS_CONFIG_PATH: '/nope.jsonc' });
    expect(missingFile.message).toMatch(/REPORTS_CONFIG_PATH: [\s\S]*file not found/);
  });
});
