import { PassThrough, pipeline, Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** The zip container of an xlsx file, read from its central directory so entries open in any order. */
export interface ZipEntry {
  name: string;
  method: number;
  dataStart: number;
  compressedSize: number;
}

export class ZipFormatError extends Error {}

/** Raised by an entry stream once the entries read so far unpack to more than the budget. */
export class UnpackedTooLarge extends Error {}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

function u16(bytes: Buffer, at: number) {
  if (at < 0 || at + 2 > bytes.length) throw new ZipFormatError('truncated');
  return bytes.readUInt16LE(at);
}
function u32(bytes: Buffer, at: number) {
  if (at < 0 || at + 4 > bytes.length) throw new ZipFormatError('truncated');
  return bytes.readUInt32LE(at);
}

function findEndOfCentralDirectory(bytes: Buffer) {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
  const last = bytes.length - 22;
  for (let at = last; at >= Math.max(0, last - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  throw new ZipFormatError('no end of central directory');
}

/** Lists the entries of a zip held in memory. Zip64 and encryption are refused: no xlsx of our size needs them. */
export function zipEntries(bytes: Buffer): Map<string, ZipEntry> {
  if (bytes.length < 22) throw new ZipFormatError('too short');
  const eocd = findEndOfCentralDirectory(bytes);
  const count = u16(bytes, eocd + 10);
  let at = u32(bytes, eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (u32(bytes, at) !== CENTRAL_SIGNATURE) throw new ZipFormatError('bad central directory');
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const compressedSize = u32(bytes, at + 20);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const localOffset = u32(bytes, at + 42);
    if (at + 46 + nameLength > bytes.length) throw new ZipFormatError('truncated');
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new ZipFormatError('encrypted');
    if (method !== STORED && method !== DEFLATED) throw new ZipFormatError('compression method');
    if (u32(bytes, localOffset) !== LOCAL_SIGNATURE) throw new ZipFormatError('bad local header');
    const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
    if (dataStart + compressedSize > bytes.length) throw new ZipFormatError('truncated');
    entries.set(name, { name, method, dataStart, compressedSize });
  }
  return entries;
}

/** Shared by every entry of one file: what the file may unpack to in total, and what it has so far. */
export interface UnpackBudget {
  maxBytes: number;
  usedBytes: number;
}

/**
 * Streams one entry as text. Inflation stops as soon as the budget is spent, so a small file that
 * unpacks to gigabytes (a zip bomb) costs no more than the budget. Text is decoded across chunk
 * boundaries here, because the XML parser downstream decodes each chunk on its own.
 */
export function openEntry(bytes: Buffer, entry: ZipEntry, budget: UnpackBudget): Readable {
  const compressed = Readable.from([bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize)]);
  const unpack = entry.method === DEFLATED ? createInflateRaw() : new PassThrough();
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      budget.usedBytes += chunk.length;
      if (budget.usedBytes > budget.maxBytes) done(new UnpackedTooLarge());
      else done(null, chunk);
    },
  });
  meter.setEncoding('utf8');
  pipeline(compressed, unpack, meter, () => {
    // pipeline destroys every stage on failure; the error reaches the reader through `meter`.
  });
  return meter;
}
