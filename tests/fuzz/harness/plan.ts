import type { Spec } from './spec.ts';

/** One call of the fuzz: a spec, and which argument gets which bad value (param -1: the valid call). */
export interface PlannedCall {
  readonly spec: number;
  readonly param: number;
  /** Index into the param's bads, or into `alsoValid` when param is -1 (-1: the spec's own valid call). */
  readonly value: number;
}

/** mulberry32: a small seeded generator, so that a seed replays the same calls in the same order. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every valid call and every (argument, bad value) pair once, in a seeded order, then seeded random picks
 * up to `total` calls: the first part covers the whole table, the second repeats calls in other orders.
 */
export function planCalls(specs: readonly Spec[], seed: number, total: number): PlannedCall[] {
  const random = seededRandom(seed);
  const calls: PlannedCall[] = [];
  specs.forEach((spec, s) => {
    calls.push({ spec: s, param: -1, value: -1 });
    spec.alsoValid?.forEach((_, v) => {
      calls.push({ spec: s, param: -1, value: v });
    });
    spec.params.forEach((param, p) => {
      param.bads.forEach((_, b) => {
        calls.push({ spec: s, param: p, value: b });
      });
    });
  });
  for (let i = calls.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [calls[i], calls[j]] = [calls[j]!, calls[i]!];
  }
  while (calls.length < total) {
    const s = Math.floor(random() * specs.length);
    const params = specs[s]!.params;
    if (params.length === 0) continue;
    const p = Math.floor(random() * params.length);
    calls.push({ spec: s, param: p, value: Math.floor(random() * params[p]!.bads.length) });
  }
  return calls;
}

/** The arguments of a planned call: every valid value, one replaced by its bad value. */
export function argumentsOf(spec: Spec, call: PlannedCall): unknown[] {
  if (call.param === -1 && call.value >= 0) return spec.alsoValid![call.value]!();
  return spec.params.map((param, p) => (p === call.param ? param.bads[call.value]!.make() : param.valid()));
}

/** `Tensor#matmul(other = 2)`: the call as a reader replays it. */
export function describeCall(spec: Spec, call: PlannedCall): string {
  if (call.param === -1) return `${spec.id}(valid arguments${call.value >= 0 ? ` #${call.value}` : ''})`;
  const param = spec.params[call.param]!;
  return `${spec.id}(${param.name} = ${param.bads[call.value]!.label})`;
}
