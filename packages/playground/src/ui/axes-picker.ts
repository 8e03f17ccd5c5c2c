/**
 * For data with more than two features (a dropped CSV): which two the plot shows. Every feature is trained
 * on; the others sit at their training mean in the boundary and the neurons' heatmaps.
 */

/**
 * Fills `container` with two selects of the feature names, or empties it for data of two features;
 * `choose` gets the new pair.
 */
export function renderAxesPicker(
  container: HTMLElement,
  featureNames: readonly string[],
  axes: readonly [number, number],
  choose: (axes: [number, number]) => void,
): void {
  container.replaceChildren();
  if (featureNames.length <= 2) return;
  const label = document.createElement('span');
  label.textContent = 'Features shown (x, y)';
  container.append(label);
  const selects = axes.map((axis, which) => {
    const select = document.createElement('select');
    select.id = which === 0 ? 'axis-x' : 'axis-y';
    featureNames.forEach((name, j) => {
      select.add(new Option(name, String(j)));
    });
    select.value = String(axis);
    container.append(select);
    return select;
  });
  for (const select of selects) {
    select.addEventListener('change', () => {
      const [x, y] = selects.map((s) => Number(s.value)) as [number, number];
      if (x !== y) choose([x, y]);
    });
  }
}
