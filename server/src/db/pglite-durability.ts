import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * Start-up parameters of an embedded database kept on disk. PGlite starts PostgreSQL with `-F`
 * (fsync off); these turn it back on, with the WAL flushed by fsync() at every COMMIT. fsync() and
 * not the Linux default fdatasync(): PGlite's runtime answers fdatasync() without calling the
 * host, while fsync() reaches the disk through SyncingNodeFS below. `wal_recycle=off`: a segment no
 * longer needed is deleted at a checkpoint, not renamed for reuse with its old bytes, so what was
 * overwritten (plain identifiers before sealing) leaves the folder and the backups. See decision 0004.
 */
export const DURABLE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  ...['-c', 'fsync=on', '-c', 'wal_sync_method=fsync', '-c', 'synchronous_commit=on', '-c', 'full_page_writes=on'],
  ...['-c', 'wal_recycle=off'],
];

/** EIO in Emscripten's errno numbering: PostgreSQL treats a failed fsync as fatal, as it should. */
const EMSCRIPTEN_EIO = 29;

interface NodefsModule {
  NODEFS?: { stream_ops?: { fsync?: (stream: { nfd?: number }) => number } };
  FS: { ErrnoError: new (errno: number) => Error };
}

let hostFsyncs = 0;
/** How many fsync() calls of the embedded databases reached the host so far (tests check it moves). */
export const hostFsyncCount = () => hostFsyncs;

/**
 * NodeFS whose fsync() reaches the disk. PGlite's NODEFS has no fsync operation, so the runtime
 * answers PostgreSQL's fsync() (of the WAL at COMMIT, of data files at a checkpoint before the WAL
 * they need is recycled) with success and nothing happens. This supplies it before PostgreSQL starts.
 */
export class SyncingNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, opts);
    const preRun = [...((emscriptenOpts.preRun as unknown[] | undefined) ?? []), (mod: NodefsModule) => installFsync(mod)];
    return { emscriptenOpts: { ...emscriptenOpts, preRun } as typeof emscriptenOpts };
  }
}

function installFsync(mod: NodefsModule) {
  const ops = mod.NODEFS?.stream_ops;
  // Loud on purpose: a PGlite upgrade that moves this must be looked at, not silently lose fsync.
  if (!ops) throw new Error('PGlite runtime has no NODEFS.stream_ops: cannot make fsync reach the disk (see decision 0004)');
  if (ops.fsync) return;
  ops.fsync = (stream) => {
    // Files and folders carry a host descriptor; anything else (a device) has nothing to flush.
    if (typeof stream.nfd !== 'number') return 0;
    try {
      fsyncSync(stream.nfd);
      hostFsyncs++;
    } catch {
      throw new mod.FS.ErrnoError(EMSCRIPTEN_EIO);
    }
    return 0;
  };
}

/** Flushes one file, or one folder's entries, to the disk. */
export function fsyncPath(p: string, isFolder = false) {
  // Windows cannot open a folder for fsync; NTFS journals folder entries itself.
  if (isFolder && process.platform === 'win32') return;
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes every file and folder of a tree to the disk (as `initdb --sync-only`). A data folder
 * that PGlite has just written out, at first start or from a backup, was written without fsync.
 */
export function fsyncTree(root: string) {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, entry.name);
    if (entry.isDirectory()) fsyncTree(p);
    else if (entry.isFile()) fsyncPath(p);
  }
  fsyncPath(root, true);
}
