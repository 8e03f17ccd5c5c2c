/** The report's stylesheet, inlined in its <head>: the page needs nothing from the network. */
export const REPORT_CSS = `
:root { color-scheme: light; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, "DejaVu Sans", sans-serif;
  color: #222; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 1000px; line-height: 1.45;
}
h1 { font-size: 1.6rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
table { border-collapse: collapse; margin: 0.4rem 0 1rem; font-size: 0.9rem; }
caption { caption-side: top; text-align: left; color: #555; padding-bottom: 0.3rem; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td { word-break: break-word; }
tr.fail td { background: #fde8e8; }
.passed { color: #1f7a3a; font-weight: bold; }
.failed { color: #b00020; font-weight: bold; }
figure { margin: 0 0 1.5rem; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 0.9rem; margin-top: 0.3rem; }
pre { background: #f7f7f7; padding: 0.6rem; overflow-x: auto; font-size: 0.85rem; }
`;
