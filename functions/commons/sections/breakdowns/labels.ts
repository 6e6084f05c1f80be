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
