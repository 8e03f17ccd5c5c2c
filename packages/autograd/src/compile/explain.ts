/**
 * `plan.explain()`: the compiled program as text, to be read like the tape. Each kernel in order with the ops
 * it fused and the values it reads and writes (v<n>, with shapes); each intermediate buffer with the values it
 * holds in turn; and the bytes per call eager would allocate against the plan's buffers.
 */
import { formatShape, type Shape } from '../shape/shape.ts';
import type { PlanParts } from './plan.ts';
import type { TracedValue } from './tracer.ts';

const BYTES = Float64Array.BYTES_PER_ELEMENT;

function name(value: TracedValue): string {
  const role =
    value.kind === 'input' ? `input ${value.inputIndex}` : value.kind === 'external' ? 'external' : '';
  return `v${value.id} ${formatShape(value.shape)}${role === '' ? '' : ` (${role})`}`;
}

export function explainPlan(inputShapes: readonly Shape[], parts: PlanParts): string {
  const lines = [
    `plan for inputs ${inputShapes.map(formatShape).join(', ')}: ${parts.kernels.length} kernels, ` +
      `${parts.buffers.length} buffers`,
  ];
  parts.kernels.forEach(({ group, how }, index) => {
    const ops = group.steps.map((step) =>
      step.kind === 'op' ? step.op : step.kind === 'effect' ? step.name : 'storeGrad',
    );
    const title = ops.length > 1 ? `fused ${ops.join(' + ')}` : ops[0]!;
    const writes =
      group.output !== null
        ? name(group.output)
        : group.steps[0]!.kind === 'effect'
          ? 'runs in place'
          : '.grad';
    const reads = group.reads.length === 0 ? '' : `${group.reads.map(name).join(', ')} -> `;
    lines.push(`  k${index} ${title}: ${reads}${writes} [${how}]`);
  });
  if (parts.stagings.length > 0) {
    const staged = parts.stagings
      .map(({ value, transposed }) => `${name(value)}${transposed ? ' transposed' : ''}`)
      .join(', ');
    lines.push(`  staged into the arena at each call: ${staged}`);
  }
  let bufferBytes = 0;
  for (const buffer of parts.buffers) {
    const bytes = buffer.array.length * BYTES;
    bufferBytes += bytes;
    const holds = buffer.holds.map(({ value, from, to }) => `v${value.id} (k${from}-k${to})`).join(', ');
    lines.push(`  buffer b${buffer.index}: ${buffer.array.length} values, ${bytes} bytes, holds ${holds}`);
  }
  const bytesOf = (values: readonly TracedValue[]) =>
    values.reduce((total, value) => total + value.array.length * BYTES, 0);
  const eagerBytes = bytesOf(parts.computed);
  // Values computed inside a fused loop, never stored; results, each in a buffer of its own.
  const fusedAway = parts.kernels.flatMap(({ group }) =>
    group.steps.flatMap((step) => (step.kind === 'op' && step.output !== group.output ? [step.output] : [])),
  );
  const results = new Set(parts.resultValues.filter((value) => value.kind === 'computed'));
  const resultBytes = bytesOf([...results]);
  const fusedBytes = bytesOf(fusedAway);
  lines.push(
    `  eager allocates ${eagerBytes} bytes per call; the plan holds ${bufferBytes + resultBytes} ` +
      `(${bufferBytes} in buffers, ${resultBytes} in results): ${fusedBytes} bytes saved by fusion, ` +
      `${eagerBytes - fusedBytes - bufferBytes - resultBytes} by reuse`,
  );
  return lines.join('\n');
}
