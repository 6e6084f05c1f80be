/** Archive of Mux's daily raw view exports into S3 (the archive-exports function). */
export {
  type ArchivedFile,
  type ArchiveExportsOptions,
  type ArchiveExportsResult,
  type ArchiveFailure,
  type ArchiveLogger,
  archiveExports,
  EXPORTS_PREFIX,
  exportKey,
  fileNameOf,
  planFiles,
} from './archive.js';
export { DownloadError, type DownloadOptions, openDownload, redactUrl, safePath } from './download.js';
export {
  createUploadS3Client,
  DEFAULT_PART_SIZE,
  multipartStream,
  putStream,
  type UploadResult,
  type UploadTarget,
} from './s3-upload.js';
