import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Where attachment bytes live. Local disk by default; an S3-compatible store implements the same three calls. */
export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Readable;
  remove(key: string): Promise<void>;
}

export class LocalDiskStore implements FileStore {
  constructor(readonly root: string) {}

  private pathOf(key: string) {
    if (!/^[a-f0-9/-]+$/.test(key)) throw new Error('bad storage key');
    return path.join(this.root, key);
  }

  async put(key: string, bytes: Buffer) {
    const target = this.pathOf(key);
    // Attachments are people's documents: readable by the server's own user only, whatever the umask.
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, bytes, { flag: 'wx', mode: 0o600 });
  }

  get(key: string) {
    return createReadStream(this.pathOf(key));
  }

  async remove(key: string) {
    await rm(this.pathOf(key), { force: true });
  }
}

export { ALLOWED_MIME_TYPES } from '../../../shared/files/types.js';

/** Sniffs the leading bytes so a renamed executable is not accepted as a PDF. */
export function sniffMatches(mime: string, bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8);
  switch (mime) {
    case 'application/pdf':
      return head.subarray(0, 5).toString('latin1') === '%PDF-';
    case 'image/jpeg':
      return head[0] === 0xff && head[1] === 0xd8;
    case 'image/png':
      return head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return head[0] === 0x50 && head[1] === 0x4b;
    case 'text/plain':
      return !bytes.subarray(0, 1024).includes(0);
    default:
      return false;
  }
}
