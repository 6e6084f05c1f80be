/**
 * Streams a body of any size into one S3 object without holding it in memory, and never leaves a
 * half-written object behind:
 * - length known → one `PutObject` with the stream as body (S3 needs the length up front for a stream;
 *   a PutObject is all-or-nothing; the request is aborted as soon as the download breaks),
 * - length unknown → multipart upload in fixed-size parts read one at a time (peak memory ≈ one part);
 *   on any failure the upload is aborted, so no object appears. A body that fits in the first part is
 *   sent with a plain `PutObject` instead (fewer requests for small files).
 * `@aws-sdk/lib-storage` would do the second case, but it is not a dependency of this project.
 */
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
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
 * Reads `body` into fixed-size parts (one buffer, reused: the previous part is fully sent before the next
 * is read) and uploads them in order.
 */
export async function multipartStream(
  target: UploadTarget,
  body: AsyncIterable<Uint8Array>,
  partSize = DEFAULT_PART_SIZE,
): Promise<UploadResult> {
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new RangeError(`partSize must be an integer >= ${MIN_PART_SIZE} (got ${partSize})`);
  }
  const buffer = Buffer.allocUnsafe(partSize);
  let filled = 0;
  let bytes = 0;
  let uploadId: string | undefined;
  const parts: CompletedPart[] = [];

  const sendPart = async (data: Buffer) => {
    if (uploadId === undefined) {
      const created = await target.s3.send(new CreateMultipartUploadCommand(objectFields(target)));
      if (!created.UploadId) throw new Error(`S3 returned no UploadId for ${target.key}`);
      uploadId = created.UploadId;
    }
    const PartNumber = parts.length + 1;
    const answer = await target.s3.send(
      new UploadPartCommand({
        Bucket: target.bucket,
        Key: target.key,
        UploadId: uploadId,
        PartNumber,
        Body: data,
        ContentLength: data.length,
      }),
    );
    parts.push({ PartNumber, ETag: answer.ETag });
  };

  try {
    for await (const chunk of body) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(chunk.length - offset, partSize - filled);
        buffer.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        bytes += n;
        if (filled === partSize) {
          await sendPart(buffer);
          filled = 0;
        }
      }
    }
    if (uploadId === undefined) {
      // Everything fit in one part: a plain PutObject (also covers the empty body).
      const data = buffer.subarray(0, filled);
      await target.s3.send(new PutObjectCommand({ ...objectFields(target), Body: data, ContentLength: filled }));
      return { bytes, method: 'put', parts: 1 };
    }
    if (filled > 0) await sendPart(buffer.subarray(0, filled));
    await target.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.bucket,
        Key: target.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    return { bytes, method: 'multipart', parts: parts.length };
  } catch (error) {
    if (uploadId !== undefined) {
      // Best effort: a failed abort leaves invisible parts (an AbortIncompleteMultipartUpload lifecycle rule cleans those).
      await target.s3
        .send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }))
        .catch(() => undefined);
    }
    throw error;
  }
}
