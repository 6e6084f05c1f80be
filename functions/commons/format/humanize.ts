/**
 * The one humanizer of dimension names and values, used by every section and channel: a reader sees
 * "Connection type" and "connection type cellular", never `viewer_connection_type: cellular`.
 */

/** Display names for the breakdown dimensions people use most; others are humanised from the id. */
const LABELS: Readonly<Record<string, string>> = {
  country: 'Country',
  region: 'Region',
  continent_code: 'Continent',
  asn: 'ASN',
  cdn: 'CDN',
  browser: 'Browser',
  browser_version: 'Browser version',
  operating_system: 'Operating system',
  operating_system_version: 'OS version',
  viewer_device_category: 'Device',
  viewer_device_manufacturer: 'Device manufacturer',
  viewer_device_model: 'Device model',
  viewer_device_name: 'Device name',
  viewer_connection_type: 'Connection type',
  player_name: 'Player',
  player_version: 'Player version',
  player_software: 'Player software',
  player_software_version: 'Player software version',
  source_type: 'Source type',
  source_hostname: 'Source host',
  stream_type: 'Stream type',
  video_title: 'Video',
  video_id: 'Video id',
  video_series: 'Series',
  sub_property_id: 'Sub-property',
  experiment_name: 'Experiment',
};

export function dimensionLabel(id: string): string {
  const known = LABELS[id];
  if (known) return known;
  const words = id.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label inside a sentence: "connection type", but "ASN", "CDN", "OS version" keep their capitals. */
export function dimensionWord(id: string): string {
  return inSentence(dimensionLabel(id));
}

/** A label inside a sentence: the first letter lowered unless the first word is an acronym ("ASN", "OS version"). */
export function inSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** A phrase at the start of a line or cell: "Connection type cellular". */
export function atStart(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** A value as a reader names it: Mux's empty value is "(not set)". */
export function dimensionValueLabel(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === '' ? '(not set)' : value;
}

/** One segment in words: "connection type cellular", "country US", "ASN 3320". */
export function segmentName(dimension: string, value: string | null | undefined): string {
  return `${dimensionWord(dimension)} ${dimensionValueLabel(value)}`;
}
