"""Golden values for test/stats from SciPy. Run once; commit the output:
    python3 scripts/scipy-golden.py > test/stats/fixtures/scipy-golden.json
"""
import json
import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261125)
mwu_inputs = {
    "many_ties": ([1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 5, 6], [2, 3, 3, 4, 5, 6, 6, 6, 7, 7, 8]),
    "tiny_exact": ([1.1, 2.3, 3.7], [0.5, 4.2, 5.9, 6.1]),
    "exact_8_vs_12": (list(rng.normal(size=8)), list(rng.normal(0.8, 1, size=12))),
    "identical": ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
    "one_element": ([3.0], [1.0, 2.0, 4.0, 5.0]),
    "rounded_random": (list(np.round(rng.normal(size=50), 1)), list(np.round(rng.normal(0.3, 1, size=70), 1))),
    "far_tail": (list(range(900)), list(range(1000, 1900))),
}
mwu = []
for name, (x, y) in mwu_inputs.items():
    for alternative in ["two-sided", "less", "greater"]:
        for method in ["auto", "asymptotic", "exact"]:
            for continuity in [True, False]:
                if method == "exact" and (not continuity or len(x) + len(y) > 40):
                    continue
                r = stats.mannwhitneyu(x, y, alternative=alternative, method=method, use_continuity=continuity)
                mwu.append({"name": name, "x": [float(v) for v in x], "y": [float(v) for v in y], "alternative": alternative,
                            "method": method, "continuity": continuity, "u": float(r.statistic), "p": float(r.pvalue)})

data = np.concatenate([rng.normal(0, 1, 40), rng.normal(4, 0.5, 20)])
weights = rng.uniform(0.2, 2, size=len(data))
points = list(np.linspace(-6, 8, 15)) + [40.0]
kde = []
for name, kw in [("scott", {}), ("silverman", {"bw_method": "silverman"}), ("scalar_0.3", {"bw_method": 0.3}), ("weighted_scott", {"weights": weights})]:
    k = stats.gaussian_kde(data, **kw)
    kde.append({"name": name, "bandwidth": kw.get("bw_method", "scott"), "weights": [float(w) for w in weights] if "weights" in kw else None,
                "factor": float(k.factor), "points": [float(p) for p in points],
                "density": [float(v) for v in k.evaluate(points)], "logpdf": [float(v) for v in k.logpdf(points)]})

print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "mannwhitneyu": mwu, "kde_data": [float(v) for v in data], "gaussian_kde": kde}, indent=1))
