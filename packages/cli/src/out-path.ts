/**
 * Checks an output path before any work is done, so that a long training run never ends in a path it
 * cannot write: the folder is created and a file is created in it and removed again. Paths in the
 * kernel's pseudo file systems (/proc, /sys, cgroups...) are refused outright: writing there fails in
 * odd ways or blocks.
 */
import { closeSync, existsSync, mkdirSync, openSync, realpathSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { removeQuietly, temporarySibling, writeError } from './atomic-write.ts';
import { UsageError } from './errors.ts';
import { displayPath } from './paths.ts';

/** statfs magic numbers of the kernel's pseudo file systems, by name (linux/magic.h). */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
]);

/** Where the pseudo file systems are mounted, whatever statfs says (it may be unavailable). */
const PSEUDO_ROOTS: ReadonlyMap<string, string> = new Map([
  ['/proc', 'proc'],
  ['/sys', 'sysfs'],
]);

/** The nearest ancestor of `path` (or `path` itself) that exists. */
function nearestExisting(path: string): string {
  let current = path;
  while (!existsSync(current) && dirname(current) !== current) current = dirname(current);
  return current;
}

/** The pseudo file system `path` lies in, if any. */
function pseudoFileSystem(existing: string): string | undefined {
  const real = realpathSync(existing);
  for (const [root, name] of PSEUDO_ROOTS) {
    if (real === root || real.startsWith(`${root}/`)) return name;
  }
  try {
    return PSEUDO_FILE_SYSTEMS.get(statfsSync(existing).type);
  } catch {
    return undefined;
  }
}

/** What the output path is: a folder (a run folder, replaced whole) or a file. */
export type OutKind = 'folder' | 'file';

/**
 * Refuses, with a user error naming `option` and the path, an output path that cannot be written: one in
 * a pseudo file system, a file where a folder must be (or the other way round), a folder without write
 * permission, a read-only file system. Creates the parent folder.
 * @example checkOutPath(resolveUserPath('runs/moons'), '--out runs/moons', 'folder');
 */
export function checkOutPath(path: string, option: string, kind: OutKind): void {
  const existing = nearestExisting(path);
  const pseudo = pseudoFileSystem(existing);
  if (pseudo !== undefined) {
    throw new UsageError(
      `${option}: ${displayPath(existing)} lies in the kernel's ${pseudo} file system, where files cannot be ` +
        'saved; give a path on a disk',
    );
  }
  const isFolder = statSync(existing).isDirectory();
  if (existing === path && kind === 'folder' && !isFolder) {
    throw new UsageError(`${option}: a file is in the way: ${displayPath(path)} is a file, not a folder`);
  }
  if (existing === path && kind === 'file' && isFolder) {
    throw new UsageError(`${option}: a folder is in the way: ${displayPath(path)} is a folder, not a file`);
  }
  if (existing !== path && !isFolder) {
    throw new UsageError(
      `${option}: a file is in the way: ${displayPath(existing)} is a file, so no folder can be made in it`,
    );
  }
  const parent = dirname(path);
  const probe = temporarySibling(path, 'new');
  try {
    mkdirSync(parent, { recursive: true });
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    const reason = writeError(parent, error);
    throw reason instanceof UsageError ? new UsageError(`${option}: ${reason.message}`) : reason;
  } finally {
    removeQuietly(probe);
  }
}
