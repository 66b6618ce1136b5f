import { escapeHtml } from './escape-html.js';
import type { ReportChart } from './report-section.js';
import { vendorScripts } from './vendor-scripts.js';

/** A rendered section ready for the page. */
export interface PageSection {
  id: string;
  title: string;
  html: string;
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:20px 32px}header h1{margin:0;font-size:24px}header p{margin:4px 0 0;color:#c9d1dc}
nav{padding:8px 32px;background:#e9edf2;font-size:14px}nav a{margin-right:14px;color:#2457a6;text-decoration:none}
main{padding:8px 32px 48px;max-width:1200px}section{background:#fff;border-radius:8px;padding:12px 24px 20px;margin:18px 0;box-shadow:0 1px 3px #0002}
h2{font-size:19px;margin:8px 0 12px}.kpis{display:flex;flex-wrap:wrap;gap:12px}.kpi{background:#f1f4f8;border-radius:6px;padding:8px 14px}
.kpi b{display:block;font-size:20px}.table-wrap{max-height:420px;overflow:auto;margin:8px 0}table{border-collapse:collapse;font-size:13px}
th,td{padding:3px 10px;border-bottom:1px solid #e3e7ec;text-align:left;white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
thead th{position:sticky;top:0;background:#f1f4f8}table.sortable th{cursor:pointer}table.sortable th:hover{background:#dde3ea}
tr.flag td{background:#fde8e8}.verdict{font-size:17px;padding:10px 14px;border-left:4px solid #2457a6;background:#f1f4f8}
.card{border:1px solid #dde3ea;border-radius:8px;padding:8px 14px;margin:10px 0}.card h3{font-size:15px;margin:4px 0}.reason{margin:4px 0;font-size:14px}.chart{margin:10px 0}.note{color:#5b6675;font-size:13px}details summary{cursor:pointer;font-weight:600;margin:8px 0}`;

// Renders every chart, then sets window.peerscopeReport so tests (and users) can see it finished.
const BOOT = `
(function(){
  var specs = JSON.parse(document.getElementById('peerscope-charts').textContent);
  var jobs = specs.map(function(c){
    var el = document.querySelector('[data-chart="' + c.id + '"]');
    return vegaEmbed(el, c.spec, {renderer: 'svg', actions: {export: true, source: false, compiled: false, editor: false}})
      .then(function(){ return {id: c.id, ok: true}; }, function(e){ console.error('chart ' + c.id + ': ' + e); return {id: c.id, ok: false}; });
  });
  Promise.all(jobs).then(function(r){ window.peerscopeReport = {charts: r}; });
  document.querySelectorAll('table.sortable').forEach(function(t){
    t.querySelectorAll('th').forEach(function(th, i){
      var asc = false;
      th.addEventListener('click', function(){
        asc = !asc;
        var rows = Array.prototype.slice.call(t.tBodies[0].rows);
        rows.sort(function(a, b){
          var x = a.cells[i], y = b.cells[i];
          var u = x.dataset.value, v = y.dataset.value;
          var d = (u !== undefined && v !== undefined) ? Number(u) - Number(v) : x.textContent.localeCompare(y.textContent);
          return asc ? d : -d;
        });
        rows.forEach(function(r){ t.tBodies[0].appendChild(r); });
      });
    });
  });
})();`;

/** JSON safe inside a `<script>` element: no `<` can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The self-contained report page: styles, vendored vega, data and charts inline. */
export function htmlPage(title: string, subtitle: string, sections: PageSection[], charts: ReportChart[]): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections
    .map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style>
${vendorScripts()}
</head><body>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<nav>${nav}</nav>
<main>
${body}
</main>
<script type="application/json" id="peerscope-charts">${scriptJson(charts.map((c) => ({ id: c.id, spec: c.spec })))}</script>
<script>${BOOT}</script>
</body></html>
`;
}
