/**
 * Streams a body of any size into one S3 object without holding it in memory, and never leaves a
 * half-written object behind:
 * - length known → one `PutObject` with the stream as body (S3 needs the length up front for a stream;
 *   a PutObject is all-or-nothing; the request is aborted as soon as the download breaks),
 * - length unknown → `@aws-sdk/lib-storage` multipart upload, one part in flight (peak memory ≈ one part);
 *   on any failure the upload is aborted, so no object appears. A body that fits in the first part is
 *   sent with a plain `PutObject` instead (fewer requests for small files).
 */
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3EndpointOverridden } from '../aws/clients.js';

/** 8 MiB: above S3's 5 MiB minimum part size, and 10,000 parts allow ~78 GiB. */
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * The S3 client for streamed uploads. `requestChecksumCalculation: 'WHEN_REQUIRED'`: by default the SDK
 * wraps a streamed body in `aws-chunked` encoding with a CRC32 trailer; real S3 decodes that, but S3
 * emulators (s3rver) store the chunk framing as the object. Without it a stream is sent as-is
 * (UNSIGNED-PAYLOAD over TLS); S3 still enforces `ContentLength`, and multipart parts are buffers.
 */
export function createUploadS3Client(): S3Client {
  return new S3Client({
    forcePathStyle: s3EndpointOverridden(),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}

export interface UploadTarget {
  s3: S3Client;
  bucket: string;
  key: string;
  contentType?: string;
  contentEncoding?: string;
  metadata?: Record<string, string>;
}

export interface UploadResult {
  bytes: number;
  method: 'put' | 'multipart';
  parts: number;
}

function objectFields(target: UploadTarget) {
  return {
    Bucket: target.bucket,
    Key: target.key,
    ...(target.contentType ? { ContentType: target.contentType } : {}),
    ...(target.contentEncoding ? { ContentEncoding: target.contentEncoding } : {}),
    ...(target.metadata ? { Metadata: target.metadata } : {}),
  };
}

/** One PutObject streaming `body`, which must be exactly `contentLength` bytes. */
export async function putStream(target: UploadTarget, body: Readable, contentLength: number): Promise<UploadResult> {
  // The SDK pipes the body into the request without watching it for errors: a download that breaks would
  // leave the upload waiting for bytes that never come. Abort the request instead (S3 then stores nothing).
  const controller = new AbortController();
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error;
    controller.abort();
  };
  body.once('error', onError);
  try {
    await target.s3.send(new PutObjectCommand({ ...objectFields(target), Body: body, ContentLength: contentLength }), {
      abortSignal: controller.signal,
    });
  } catch (error) {
    await removeTruncated(target, contentLength);
    throw failure ?? error;
  } finally {
    body.off('error', onError);
  }
  return { bytes: contentLength, method: 'put', parts: 1 };
}

/**
 * After a failed PutObject: S3 itself never keeps a partial object, but S3-compatible stores may (s3rver
 * stores what it received before the connection dropped). Delete the key only if an object of the wrong
 * size is there (a complete one could be a concurrent run's). Best effort: on S3 the HeadObject is a 404
 * and no DeleteObject permission is needed.
 */
async function removeTruncated(target: UploadTarget, expectedLength: number): Promise<void> {
  try {
    const head = await target.s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: target.key }));
    if (head.ContentLength !== expectedLength) {
      await target.s3.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.key }));
    }
  } catch {
    // Nothing there (the normal case), or no permission to look: nothing more to do.
  }
}

/**
 * Uploads a body of unknown length with `@aws-sdk/lib-storage`'s `Upload`: fixed-size parts, one in flight
 * (`queueSize: 1`, so peak memory is about one part: 8 MiB, not 4 × 8 MiB), a single PutObject when the body fits
 * in the first part, and `AbortMultipartUpload` on any failure (`leavePartsOnError: false`), so no object appears.
 */
export async function multipartStream(
  target: UploadTarget,
  body: Readable,
  partSize = DEFAULT_PART_SIZE,
): Promise<UploadResult> {
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new RangeError(`partSize must be an integer >= ${MIN_PART_SIZE} (got ${partSize})`);
  }
  const upload = new Upload({
    client: target.s3,
    params: { ...objectFields(target), Body: body },
    partSize,
    queueSize: 1,
    leavePartsOnError: false,
  });
  let parts = 0;
  let bytes = 0;
  upload.on('httpUploadProgress', (progress) => {
    parts = Math.max(parts, progress.part ?? 0);
    bytes = Math.max(bytes, progress.loaded ?? 0);
  });
  // A download that breaks mid-way must fail the upload (lib-storage reads the stream but would wait forever on a
  // stream that errors without ending): abort, which aborts the multipart upload too.
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error;
    void upload.abort();
  };
  body.once('error', onError);
  try {
    await upload.done();
  } catch (error) {
    throw failure ?? error;
  } finally {
    body.off('error', onError);
  }
  // lib-storage never makes a one-part multipart upload: one part means it used PutObject.
  return { bytes, method: parts > 1 ? 'multipart' : 'put', parts: Math.max(1, parts) };
}
