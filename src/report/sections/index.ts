import type { ReportSection } from '../report-section.js';
import { alertCards } from './alert-cards.js';
import { bootstrapMeans } from './bootstrap-means.js';
import { mannWhitney } from './mann-whitney.js';
import { overview } from './overview.js';
import { peerScores } from './peer-scores.js';
import { samples } from './samples.js';
import { topHosts } from './top-hosts.js';
import { traffic } from './traffic.js';
import { uploadHistogram } from './upload-histogram.js';
import { uploadKde } from './upload-kde.js';

/** The report's sections in page order; a new section is one file and one entry here. */
export const REPORT_SECTIONS: ReportSection[] = [
  alertCards,
  overview,
  samples,
  traffic,
  uploadHistogram,
  uploadKde,
  bootstrapMeans,
  mannWhitney,
  topHosts,
  peerScores,
];
