import sys, numpy as np, json, csv
from scipy.stats import rankdata
def auc(score, lab):
    r = rankdata(score); n1 = lab.sum(); n0 = len(lab)-n1
    return (r[lab==1].sum() - n1*(n1+1)/2)/(n1*n0)
def ap(score, lab):
    o = np.lexsort((np.arange(len(score)), -score)); l = lab[o]; tp = np.cumsum(l); prec = tp/np.arange(1,len(l)+1)
    return (prec*l).sum()/l.sum()
VIEWS=['upload_kde','peer_z','service_jsd','lateral','self_baseline','beacon','new_service']
def load(tag, c, s):
    rows = list(csv.DictReader(open(f'/tmp/ds/dump-{tag}-{c}-{s}.csv')))
    cols = {k: np.array([r[k] for r in rows]) for k in rows[0]}
    D = {k: (v if k=='host' else v.astype(float)) for k,v in cols.items()}
    truth = {r['host']: int(r['compromised']) for r in csv.DictReader(open(f'/tmp/ds/data-{c}-{s}/truth/hosts.csv')) if r['role']=='human'}
    hosts = sorted(set(D['host']))
    hid = {h:i for i,h in enumerate(hosts)}
    D['hid'] = np.array([hid[h] for h in D['host']])
    lab = np.array([truth.get(h,0) for h in hosts])
    return D, hosts, lab
def hostmin(D, col, H):
    out = np.full(H, np.inf)
    v = D[col]
    ok = ~np.isnan(v)
    np.minimum.at(out, D['hid'][ok], v[ok])
    out[np.isinf(out)] = 0
    return out
