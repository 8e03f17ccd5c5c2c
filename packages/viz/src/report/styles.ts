/** The report's stylesheet, inlined in its <head>: the page needs nothing from the network. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif;
  color: #222; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 1100px; line-height: 1.45;
}
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
p.lead { font-size: 1.05rem; }
p.architecture { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 1rem; }
table { border-collapse: collapse; margin: 0.2rem 0 1rem; font-size: 0.9rem; }
p.caption { color: #555; margin: 0.8rem 0 0.2rem; font-size: 0.9rem; max-width: 60rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td { word-break: break-word; }
td.diagonal { background: #e3f1e6; font-weight: bold; }
table.weights { font-size: 0.75rem; }
table.weights td, table.weights th { padding: 0.15rem 0.35rem; }
tr.fail td { background: #fde8e8; }
tr.kept td { background: #fff4c2; font-weight: bold; }
.passed { color: #1f7a3a; font-weight: bold; }
.failed { color: #b00020; font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; align-items: flex-start; }
figure { margin: 0 0 1.5rem; max-width: 640px; flex: 1 1 460px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 0.9rem; margin-top: 0.3rem; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.settings dt { font-weight: bold; }
dl.settings dd { margin: 0; }
pre { background: #f7f7f7; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; white-space: pre-wrap; }
`;
