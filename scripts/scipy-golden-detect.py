"""Golden values for the detection statistics tests (test/stats), from SciPy and mpmath. Run once; commit the output:
    python3 scripts/scipy-golden-detect.py > test/stats/fixtures/scipy-golden-detect.json

- ks_uniform: scipy.stats.kstest(x, 'uniform', method='asymp') (and the exact p for reference) on seeded samples.
- kolmogorov_sf: scipy.stats.kstwobign.sf.
- chi2: scipy.stats.chi2.sf, and its log from mpmath (200 digits), for even degrees of freedom far into the tail.
- fisher: scipy.stats.combine_pvalues(method='fisher'), with ln p from mpmath where SciPy's p underflows.
- cauchy: the Cauchy combination of Liu & Xie (2020) evaluated in 400-digit arithmetic with mpmath,
  T = sum(w_i tan((1/2 - p_i) pi)) / sum(w_i), p = 1/2 - atan(T)/pi (SciPy has no Cauchy combination).
"""
import json
import numpy as np
import scipy
import mpmath
from scipy import stats

rng = np.random.default_rng(20261111)

ks_inputs = {
    "uniform_50": rng.uniform(size=50),
    "uniform_1000": rng.uniform(size=1000),
    "beta_shifted_200": rng.beta(1.3, 1.0, size=200),
    "ties_and_edges_30": np.concatenate([np.zeros(3), np.ones(2), np.round(rng.uniform(size=25), 1)]),
    "squeezed_400": 0.1 + 0.8 * rng.uniform(size=400),
}
ks = []
for name, x in ks_inputs.items():
    r = stats.kstest(x, "uniform", method="asymp")
    e = stats.kstest(x, "uniform", method="exact")
    ks.append({"name": name, "x": [float(v) for v in x], "statistic": float(r.statistic), "p_asymp": float(r.pvalue), "p_exact": float(e.pvalue)})

kolmogorov = [{"x": x, "sf": float(stats.kstwobign.sf(x))} for x in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.0, 1.05, 1.36, 1.63, 2.0, 3.0, 5.0, 8.0]]

mpmath.mp.dps = 200
chi2 = []
for dof in [2, 4, 6, 8, 10, 20, 64]:
    for x in [0.0, 1e-8, 0.01, 0.5, 1.0, 3.0, 7.5, 15.0, 40.0, 100.0, 400.0, 1500.0, 4000.0]:
        # SciPy's logsf underflows to -inf by x = 1500; the log there comes from mpmath's regularised upper incomplete gamma.
        q = mpmath.gammainc(mpmath.mpf(dof) / 2, mpmath.mpf(x) / 2, mpmath.inf, regularized=True)
        chi2.append({"x": x, "dof": dof, "sf": float(stats.chi2.sf(x, dof)), "logsf": float(mpmath.log(q))})

p_sets = {
    "three_flat": [0.3, 0.5, 0.7],
    "one_decisive": [1e-9, 0.5, 0.6, 0.4],
    "two_moderate": [0.01, 0.02, 0.5, 0.5],
    "one_moderate": [0.01, 0.5, 0.5, 0.5],
    "tiny": [1e-200, 1e-150],
    "near_one": [0.999999, 0.9, 0.05],
    "single": [0.037],
    "equal": [0.2, 0.2, 0.2],
    "many": list(rng.uniform(size=12)),
}
fisher = []
for name, ps in p_sets.items():
    r = stats.combine_pvalues(ps, method="fisher")
    fisher.append({"name": name, "p_values": [float(p) for p in ps], "statistic": float(r.statistic), "p": float(r.pvalue),
                   "logp": float(mpmath.log(mpmath.gammainc(len(ps), mpmath.mpf(r.statistic) / 2, mpmath.inf, regularized=True)))})

# 400 digits: enough that 1/2 - p and 1/2 - atan(T)/pi keep p = 1e-200 exactly, with no rewriting of the formula.
mpmath.mp.dps = 400
cauchy = []
weight_sets = {"one_decisive": [1, 2, 1, 1], "many": list(range(1, 13))}
for name, ps in p_sets.items():
    for weights in [None] + ([weight_sets[name]] if name in weight_sets else []):
        w = weights if weights is not None else [1] * len(ps)
        t = sum(mpmath.mpf(wi) * mpmath.tan((mpmath.mpf(1) / 2 - mpmath.mpf(p)) * mpmath.pi) for wi, p in zip(w, ps)) / sum(w)
        p = mpmath.mpf(1) / 2 - mpmath.atan(t) / mpmath.pi
        cauchy.append({"name": name, "p_values": [float(p) for p in ps], "weights": weights, "statistic": float(t), "p": float(p), "logp": float(mpmath.log(p))})

print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "mpmath": mpmath.__version__, "ks_uniform": ks,
                  "kolmogorov_sf": kolmogorov, "chi2": chi2, "fisher": fisher, "cauchy": cauchy}, indent=1))
