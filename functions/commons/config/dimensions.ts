/**
 * The Mux Data dimensions a report may filter or break down on, shipped with the code so a typo in the
 * configuration fails at load time (CDK synth, CLI, Lambda cold start) rather than as a Mux 400 at
 * 08:00 on Monday. A later step can re-check filters against the live `GET /data/v1/dimensions`
 * (see `validateFiltersAgainst` in `load.ts`).
 *
 * Sources: the `GET /data/v1/dimensions` example response in the Mux API reference (basic + advanced),
 * and, for BREAKDOWN_DIMENSIONS, the breakdown `group_by` enum of Mux's OpenAPI description (test/config/
 * dimensions-contract.test.ts keeps them equal; `page_url` was missing from the list first taken from mux-node-sdk v14).
 */

/** `data.basic` of the documented `GET /data/v1/dimensions` example. */
export const DOCUMENTED_BASIC_DIMENSIONS = [
  'browser',
  'operating_system',
  'player_remote_played',
  'player_software',
  'player_software_version',
  'player_mux_plugin_name',
  'player_mux_plugin_version',
  'player_autoplay',
  'player_preload',
  'video_title',
  'video_id',
  'stream_type',
  'source_type',
  'source_hostname',
  'continent_code',
  'country',
  'player_error_code',
] as const;

/** `data.advanced` of the documented `GET /data/v1/dimensions` example. */
export const DOCUMENTED_ADVANCED_DIMENSIONS = [
  'browser_version',
  'operating_system_version',
  'viewer_device_name',
  'viewer_device_category',
  'viewer_device_manufacturer',
  'player_name',
  'player_version',
  'video_series',
  'video_encoding_variant',
  'experiment_name',
  'sub_property_id',
  'asn',
  'cdn',
  'viewer_connection_type',
  'view_session_id',
  'region',
  'viewer_user_id',
  'exit_before_video_start',
  'preroll_ad_asset_hostname',
  'preroll_ad_tag_hostname',
  'preroll_played',
  'preroll_requested',
] as const;

/** Dimension ids accepted as `group_by` by the breakdown endpoint (93 ids in the OpenAPI spec; the basic + advanced lists are a subset). */
export const BREAKDOWN_DIMENSIONS = [
  'asn',
  'asset_id',
  'browser',
  'browser_version',
  'cdn',
  'continent_code',
  'country',
  'custom_1',
  'custom_2',
  'custom_3',
  'custom_4',
  'custom_5',
  'custom_6',
  'custom_7',
  'custom_8',
  'custom_9',
  'custom_10',
  'exit_before_video_start',
  'experiment_name',
  'live_stream_id',
  'operating_system',
  'operating_system_version',
  'page_type',
  'page_url',
  'playback_failure',
  'playback_business_exception',
  'playback_id',
  'player_autoplay',
  'player_error_code',
  'player_mux_plugin_name',
  'player_mux_plugin_version',
  'player_name',
  'player_preload',
  'player_remote_played',
  'player_software',
  'player_software_version',
  'player_version',
  'preroll_ad_asset_hostname',
  'preroll_ad_tag_hostname',
  'preroll_played',
  'preroll_requested',
  'region',
  'source_hostname',
  'source_type',
  'stream_type',
  'sub_property_id',
  'video_content_type',
  'video_encoding_variant',
  'video_id',
  'video_series',
  'video_startup_business_exception',
  'video_startup_failure',
  'video_title',
  'view_drm_type',
  'view_has_ad',
  'view_session_id',
  'viewer_connection_type',
  'viewer_device_category',
  'viewer_device_manufacturer',
  'viewer_device_model',
  'viewer_device_name',
  'viewer_user_id',
  'ad_playback_failure',
  'content_playback_failure',
  'view_dropped',
  'client_application_name',
  'client_application_version',
  'video_affiliate',
  'viewer_plan',
  'viewer_plan_status',
  'viewer_plan_category',
  'view_drm_level',
  'video_brand',
  'used_pip',
  'time_shift_enabled',
  'used_captions',
  'video_codec',
  'audio_codec',
  'video_dynamic_range_type',
  'view_cdn_edge_pop',
  'view_cdn_origin',
  'video_creator_id',
  'video_cdn_trace',
  'video_source_height_initial',
  'video_source_width_initial',
  'video_source_bitrate_initial',
  'video_codec_initial',
  'audio_codec_initial',
  'video_source_fps_initial',
  'video_dynamic_range_type_initial',
  'video_source_fps',
  'video_source_bitrate',
  'video_source_height',
  'video_source_width',
] as const;

/** Every documented dimension id, sorted: what `filters[]` and `breakdownDimensions` are checked against. */
export const KNOWN_DIMENSIONS: readonly string[] = [
  ...new Set<string>([...DOCUMENTED_BASIC_DIMENSIONS, ...DOCUMENTED_ADVANCED_DIMENSIONS, ...BREAKDOWN_DIMENSIONS]),
].sort();

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest candidate to `name` if it is plausibly a typo of it (or a part of it), else undefined. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best;
  // "device_category" → "viewer_device_category": a unique containing name is a good hint too.
  const containing = candidates.filter((c) => name.length >= 3 && c.includes(name.toLowerCase()));
  return containing.length === 1 ? containing[0] : undefined;
}
