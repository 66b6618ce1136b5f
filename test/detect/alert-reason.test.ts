import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertReason } from '../../src/detect/index.js';

const upload = { bytes: 0, ownMedian: 271, groupMedian: 3506 };

test('peer_z driven by the download speaks of the download, not of an upload of 0 B', () => {
  // The hourly case that showed it: 0 B up, 811 kB down against a group median download of 1 kB.
  const text = alertReason({
    when: 'day 3 07:00',
    views: [{ name: 'peer_z', p: 1e-53 }],
    upload,
    download: { bytes: 811_360, groupMedian: 1_000 },
  });
  assert.equal(text, "downloaded 811 kB on day 3 07:00, 811× its group's");
});

test('with the download behind peer_z, an upload view in the same point still gets its own words', () => {
  const text = alertReason({
    when: 'day 2',
    views: [
      { name: 'peer_z', p: 1e-6 },
      { name: 'upload_kde', p: 1e-3 },
    ],
    upload: { bytes: 2_400_000, ownMedian: 200_000, groupMedian: 240_000 },
    download: { bytes: 90_000_000, groupMedian: null },
  });
  assert.equal(text, "downloaded 90.0 MB on day 2; uploaded 2.4 MB on day 2, 12× its own median and 10× its group's");
});

test('peer_z driven by the upload (no download given) is the upload sentence, said once for all upload views', () => {
  const text = alertReason({
    when: 'day 9',
    views: [
      { name: 'peer_z', p: 1e-6 },
      { name: 'self_baseline', p: 1e-4 },
    ],
    upload: { bytes: 2_400_000, ownMedian: 171_429, groupMedian: 266_667 },
    download: null,
  });
  assert.equal(text, "uploaded 2.4 MB on day 9, 14× its own median and 9.0× its group's");
});

test('self_baseline driven by the flow-size ratio speaks of the flows, not of the upload total; without flowSize it is the upload sentence', () => {
  const views = [{ name: 'self_baseline', p: 1e-9 }];
  const base = { when: 'day 12', views, upload: { bytes: 1_300_000, ownMedian: 1_000_000, groupMedian: 700_000 } };
  assert.equal(
    alertReason({ ...base, flowSize: { factor: 4.63 } }),
    'the flows it sent on day 12 were 4.6× their usual size against those it received',
  );
  assert.equal(
    alertReason({ ...base, flowSize: { factor: 14.2 } }),
    'the flows it sent on day 12 were 14× their usual size against those it received',
  );
  assert.equal(alertReason(base), "uploaded 1.3 MB on day 12, 1.3× its own median and 1.9× its group's");
});
