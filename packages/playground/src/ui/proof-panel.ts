/**
 * The proof panel: for each parameter, the largest difference between the hand-derived gradient and the
 * tape's (and, on request, between finite differences and the tape's), at the step the page shows.
 */
import type { ProofView } from '../snapshot.ts';

/** Hand-derived and tape gradients are the same formulas in another order: they agree to rounding. */
export const MANUAL_TOLERANCE = 1e-10;
/**
 * Central differences with nn's default step carry a truncation error of order h^2 times the third
 * derivative, and rounding of order 1e-16 / h: about 1e-7 relative to the gradient's scale.
 */
export const FINITE_DIFFERENCE_TOLERANCE = 1e-5;

const format = (value: number) => (value === 0 ? '0' : value.toExponential(2));

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

/** Draws `proof` into `container`: a caption with the step and loss, and one row per parameter. */
export function renderProof(container: HTMLElement, proof: ProofView): void {
  const caption = document.createElement('p');
  caption.className = 'proof-caption';
  caption.textContent = `Epoch ${proof.epoch}, step ${proof.step}: loss ${proof.loss.toPrecision(6)}`;
  const table = document.createElement('table');
  table.className = 'proof-table';
  const withFinite = proof.rows.some((row) => row.finiteVsTape !== undefined);
  const head = table.createTHead().insertRow();
  for (const title of [
    'parameter',
    'shape',
    'max |manual − tape|',
    ...(withFinite ? ['max |finite diff. − tape|'] : []),
    'max |gradient|',
    '',
  ]) {
    const th = document.createElement('th');
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of proof.rows) {
    const tr = body.insertRow();
    tr.dataset.parameter = row.name;
    tr.dataset.manualVsTape = String(row.manualVsTape);
    const manualOk = row.manualVsTape <= MANUAL_TOLERANCE;
    const finiteOk =
      row.finiteVsTape === undefined ||
      row.finiteVsTape <= FINITE_DIFFERENCE_TOLERANCE * Math.max(1, row.largest);
    tr.append(cell(row.name, 'name'), cell(`[${row.shape.join(', ')}]`));
    tr.append(cell(format(row.manualVsTape), manualOk ? 'pass' : 'fail'));
    if (withFinite) {
      tr.append(
        cell(row.finiteVsTape === undefined ? '–' : format(row.finiteVsTape), finiteOk ? 'pass' : 'fail'),
      );
    }
    tr.append(
      cell(format(row.largest)),
      cell(manualOk && finiteOk ? '✓ agree' : '✗ differ', manualOk && finiteOk ? 'pass' : 'fail'),
    );
  }
  const children: HTMLElement[] = [caption];
  if (proof.manualUnavailable !== undefined) {
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = proof.manualUnavailable;
    children.push(note);
  }
  children.push(table);
  container.replaceChildren();
  for (const child of children) container.append(child);
}
