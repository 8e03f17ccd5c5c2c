/**
 * Writing so that a crash, `kill -9` or a full disk never leaves a torn file or a half-written run folder:
 * every file the command writes goes to a temporary name beside its destination, is synced to the disk,
 * and is renamed into place (a rename within one folder is atomic); a run folder is written whole into a
 * temporary sibling folder and renamed into place the same way.
 *
 * Replacing a folder that already exists takes two renames, because a folder cannot be renamed over a
 * folder that holds files: the old folder is renamed aside (`.NAME.old-PID-RANDOM`), then the new one
 * into place, then the old one is removed. Between the two renames (microseconds) nothing is at the path,
 * but the old complete folder is at its aside name: `readableFolder` reads it from there, and the next
 * write of that folder renames it back first. So at every instant the old or the new complete folder is
 * at the path, or the old one is at its aside name; never a mix.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.ts';
import { displayPath } from './paths.ts';

/** What a file holds: text (written as UTF-8) or bytes. */
export type FileContents = string | Uint8Array;

/** One file of a folder written by `writeFolderAtomic`. */
export interface FolderFile {
  readonly name: string;
  readonly contents: FileContents;
}

/** Why a file system call failed, in words, by its error code. */
const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way where a folder should be',
  EISDIR: 'a folder is in the way where a file should be',
  ENOENT: 'a folder on the path does not exist',
  ENAMETOOLONG: 'the name is too long',
  ENOTEMPTY: 'a folder that is not empty is in the way',
  EEXIST: 'a file is in the way where a folder should be',
  EIO: 'an input/output error of the disk',
};

/**
 * A file system error while writing `path` as a user error naming the path and the reason; anything else
 * (a bug) unchanged.
 * @example throw writeError('runs/x/model.json', error); // cannot write runs/x/model.json: no space left on the disk (ENOSPC)
 */
export function writeError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === undefined || REASONS[code] === undefined) return error;
  return new UsageError(`cannot write ${displayPath(path)}: ${REASONS[code]} (${code})`);
}

/** Writes every byte to a new file and syncs it to the disk before returning. */
function writeDurably(path: string, contents: FileContents): void {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
  const fd = openSync(path, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Syncs a folder, which makes the renames in it durable; some file systems cannot, which is harmless. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: the rename itself is already atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Removes a temporary file or folder after a failed write; the failure, not this, is what to report. */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Nothing was created there (a file in the way of its folder, say), or settle() removes it later.
  }
}

type Leftover = { readonly path: string; readonly kind: 'new' | 'old'; readonly pid: number };

/** `.NAME.new-PID-RANDOM` (being written) or `.NAME.old-PID-RANDOM` (being replaced) beside `path`. */
export function temporarySibling(path: string, kind: Leftover['kind']): string {
  return join(dirname(path), `.${basename(path)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

const isAlive = (pid: number): boolean => {
  if (pid === process.pid) return false; // this process writes synchronously: nothing of its own is in flight
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The temporary siblings of `path` that some writer (perhaps one that crashed) left behind. */
function leftovers(path: string): Leftover[] {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const match = name.startsWith(prefix)
      ? /^(new|old)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))
      : null;
    if (match === null) return [];
    return [{ path: join(dirname(path), name), kind: match[1] as Leftover['kind'], pid: Number(match[2]) }];
  });
}

/**
 * Puts back what a writer killed between its two renames left aside (the old complete folder, when
 * nothing is at `path`), and removes the temporary files and folders of writers that are gone.
 */
function settle(path: string): void {
  for (const leftover of leftovers(path)) {
    if (isAlive(leftover.pid)) continue;
    if (leftover.kind === 'old' && !existsSync(path)) renameSync(leftover.path, path);
    else removeQuietly(leftover.path);
  }
}

/**
 * The folder to read a run from: `dir` itself, or, if a writer was stopped in the instant between its
 * two renames, the complete old folder at its aside name; undefined when neither exists.
 * @example const folder = readableFolder('/home/me/runs/moons'); // '/home/me/runs/moons' as a rule
 */
export function readableFolder(dir: string): string | undefined {
  if (existsSync(dir)) return dir;
  return leftovers(dir).find((leftover) => leftover.kind === 'old')?.path;
}

/**
 * Writes a file atomically: readers see the old contents or the new, never part of either.
 * @example writeFileAtomic('graph.svg', svg);
 */
export function writeFileAtomic(path: string, contents: FileContents): void {
  const temporary = temporarySibling(path, 'new');
  try {
    mkdirSync(dirname(path), { recursive: true });
    settle(path);
    writeDurably(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    removeQuietly(temporary);
    throw writeError(path, error);
  }
  syncFolder(dirname(path));
}

/**
 * Writes a folder holding exactly `files`, atomically: the path holds the old folder or the new one
 * (see this module's comment for the instant between two renames), never a mix; a folder already at the
 * path is replaced whole.
 * @example writeFolderAtomic('runs/moons', [{ name: 'model.json', contents: json }]);
 */
export function writeFolderAtomic(dir: string, files: readonly FolderFile[]): void {
  const staging = temporarySibling(dir, 'new');
  try {
    mkdirSync(dirname(dir), { recursive: true });
    settle(dir);
    mkdirSync(staging);
    for (const file of files) writeDurably(join(staging, file.name), file.contents);
    syncFolder(staging);
    replaceFolder(staging, dir);
  } catch (error) {
    removeQuietly(staging);
    throw writeError(dir, error);
  }
}

/** Renames the complete `staging` folder to `dir`, replacing what is there. */
function replaceFolder(staging: string, dir: string): void {
  if (!existsSync(dir)) {
    renameSync(staging, dir);
    syncFolder(dirname(dir));
    return;
  }
  const aside = temporarySibling(dir, 'old');
  renameSync(dir, aside);
  // Here nothing is at `dir`; the old complete folder is at `aside`, where readableFolder and settle find it.
  try {
    renameSync(staging, dir);
  } catch (error) {
    renameSync(aside, dir);
    throw error;
  }
  syncFolder(dirname(dir));
  try {
    rmSync(aside, { recursive: true, force: true });
  } catch {
    // The new folder is in place; the next write of this folder removes what is left of the old one.
  }
}
