/**
 * The port through which a section reads the report's own archive (the history section): read-only, injected by
 * the pipeline (report/archive-reader.ts implements it over S3 or a local directory, building the keys with the
 * snapshot store's functions). Sections sit below the report layer, so they see texts, never keys or stores.
 */

/** One archived snapshot: its text, or why it could not be read (a failed read skips that period, never the report). */
export type ArchivedText = { location: string; text: string } | { location: string; error: string };

export interface SnapshotArchive {
  /** `s3://bucket` or the directory, for notes. */
  readonly description: string;
  /**
   * The archived snapshots of `reportId`/`cadence` (of one fan-out `segment` when given) among the periods starting on `dates` (local `yyyy-MM-dd`),
   * keyed by date; a date with nothing archived is absent. One listing by prefix, then at most one read per date
   * found, with bounded parallelism. Throws only when the archive cannot be listed.
   */
  read(
    reportId: string,
    cadence: string,
    dates: readonly string[],
    segment?: string,
  ): Promise<Map<string, ArchivedText>>;
}

/**
 * The archive of one fan-out segment (config/fan-out.ts): a segment's history is its own snapshots, never the
 * whole report's (which would show one customer the totals of all). The pipeline hands this to the sections, so
 * they read "this report's archive" without knowing about segments.
 */
export function segmentArchive(archive: SnapshotArchive, segment: string): SnapshotArchive {
  return {
    description: archive.description,
    read: (reportId, cadence, dates) => archive.read(reportId, cadence, dates, segment),
  };
}
