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
   * The archived snapshots of `reportId`/`cadence` among the periods starting on `dates` (local `yyyy-MM-dd`),
   * keyed by date; a date with nothing archived is absent. One listing by prefix, then at most one read per date
   * found, with bounded parallelism. Throws only when the archive cannot be listed.
   */
  read(reportId: string, cadence: string, dates: readonly string[]): Promise<Map<string, ArchivedText>>;
}
