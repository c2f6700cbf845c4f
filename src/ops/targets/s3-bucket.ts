import { createReadStream, createWriteStream } from 'node:fs';
import os from 'node:os';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BackupTarget } from './target.js';

export interface S3Settings {
  bucket: string;
  prefix: string;
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string | undefined;
  secretAccessKey: string | undefined;
}

/**
 * Any S3-compatible store through the AWS SDK. Big dumps go up in parts (lib-storage);
 * an object appears only when its upload completes. Checksums are sent only where the
 * API requires them, which S3-compatible servers that do not speak aws-chunked need.
 */
export function s3BucketTarget(settings: S3Settings, stagingDir: string = os.tmpdir()): BackupTarget {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const prefix = settings.prefix.replace(/^\/+/, '');
  const objectKey = (key: string) => `${prefix}${key}`;
  const Bucket = settings.bucket;
  return {
    location: `s3://${Bucket}/${prefix}`,
    localPath: stagingDir,
    async putFile(key, file) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: objectKey(key), Body: createReadStream(file) },
        partSize: 16 * 1024 * 1024,
        queueSize: 2,
      });
      await upload.done();
    },
    async putJson(key, value) {
      await client.send(
        new PutObjectCommand({
          Bucket,
          Key: objectKey(key),
          Body: `${JSON.stringify(value, null, 2)}\n`,
          ContentType: 'application/json',
        }),
      );
    },
    async getToFile(key, file) {
      const res = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
      await pipeline(res.Body as Readable, createWriteStream(file));
    },
    async getJson(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
        return JSON.parse(await (res.Body as { transformToString(): Promise<string> }).transformToString()) as unknown;
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return null;
        throw err;
      }
    },
    async list(sub) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: objectKey(sub), ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async remove(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        await client.send(
          new DeleteObjectsCommand({
            Bucket,
            Delete: { Objects: batch.map((k) => ({ Key: objectKey(k) })), Quiet: true },
          }),
        );
      }
    },
  };
}
