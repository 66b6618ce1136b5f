import { escapeHtml } from '../escape-html.js';
import type { ReportSection } from '../report-section.js';

const ALPHA = 0.01;

/** Section 7: the Mann-Whitney U test of the original, in words. */
export const mannWhitney: ReportSection = {
  id: 'mann-whitney',
  title: 'Do compromised hosts upload more? (Mann-Whitney U)',
  needsRedteam: true,
  async render({ summary, data }) {
    const mwu = summary.mwu;
    if (!mwu) {
      const reason = summary.mwu_reason ?? 'no test was run';
      return { html: `<p class="verdict">No test: ${escapeHtml(reason)}.</p>`, charts: [] };
    }
    // U counts pairs (total, compromised) where the total-population value is larger (ties ½).
    const cles = mwu.u / (mwu.n_total * mwu.n_compromised);
    const significant = mwu.p_less < ALPHA;
    const verdict = significant
      ? `At α = ${ALPHA}, compromised hosts upload more per interval than the population as a whole (one-sided p = ${mwu.p_less.toExponential(4)}).`
      : `At α = ${ALPHA}, the data do not show that compromised hosts upload more (one-sided p = ${mwu.p_less.toExponential(4)}).`;
    const rows = [
      ['U (total population first)', mwu.u.toLocaleString('en-US')],
      ['p, alternative "less" (total < compromised)', mwu.p_less.toExponential(6)],
      ['p, two-sided', mwu.p_two_sided.toExponential(6)],
      [
        'n total / n compromised',
        `${mwu.n_total.toLocaleString('en-US')} / ${mwu.n_compromised.toLocaleString('en-US')}`,
      ],
      ['probability a total-population value exceeds a compromised one', cles.toFixed(3)],
      ['rank-biserial correlation (compromised − total)', (1 - 2 * cles).toFixed(3)],
    ];
    const upload = data.upload;
    if (upload && upload.total.n > 0 && upload.compromised.n > 0) {
      rows.push([
        'median upload, total / compromised',
        `${(2 ** upload.total.median).toExponential(3)} / ${(2 ** upload.compromised.median).toExponential(3)} bytes`,
      ]);
    }
    const table = `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="num">${escapeHtml(v)}</td></tr>`).join('')}</table>`;
    return {
      html: `<p class="verdict">${escapeHtml(verdict)}</p>${table}<p class="note">Upload bytes of every series row (host × interval) vs the rows of compromised hosts; asymptotic normal approximation with tie and continuity correction, as scipy.stats.mannwhitneyu. Medians leave out intervals without uploads.</p>`,
      charts: [],
    };
  },
};
