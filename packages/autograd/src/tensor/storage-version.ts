/**
 * Version counters of tensor storage (PyTorch's `_version`). Every in-place modification of a Float64Array
 * (an in-place op, the `data` setter, `bumpVersion`) adds 1 to its counter, which every tensor over that
 * array shares (`detach()` and `reshape` results included): the counters live in a WeakMap keyed by the
 * array, so a tensor carries no extra field and a counter goes when its array does. tape/versions.ts checks
 * them at backward.
 */

const versions = new WeakMap<Float64Array, number>();
let tracking = false;

/** Whether any storage has been modified in place yet: before that, every version is 0. */
export function isTrackingVersions(): boolean {
  return tracking;
}

/** Called by every in-place op before it records anything: from now on `record` keeps versions. */
export function startTrackingVersions(): void {
  tracking = true;
}

/** The version of a storage: how many in-place modifications it has had. */
export function storageVersion(data: Float64Array): number {
  return tracking ? (versions.get(data) ?? 0) : 0;
}

/** Counts one in-place modification of `data`, seen by every tensor over it. */
export function bumpStorageVersion(data: Float64Array): void {
  tracking = true;
  versions.set(data, (versions.get(data) ?? 0) + 1);
}

/** Gives a fresh copy the version of the array it stands in for (the old values an in-place op saved). */
export function setStorageVersion(data: Float64Array, version: number): void {
  tracking = true;
  versions.set(data, version);
}
