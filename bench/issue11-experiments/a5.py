import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tag=sys.argv[1]
def hostagg(D,H,col,f):
    g=[[] for _ in range(H)]
    for h,v in zip(D['hid'],D[col]):
        if not np.isnan(v): g[h].append(-v)
    return np.array([f(np.array(x)) if len(x) else 0 for x in g])
aggs = {
 'max': lambda x: x.max(),
 'top2': lambda x: np.sort(x)[-2:].sum(),
 'top3': lambda x: np.sort(x)[-3:].sum(),
 'exc2.3': lambda x: np.clip(x-2.3,0,None).sum(),
 'exc3': lambda x: np.clip(x-3,0,None).sum(),
 'exc4': lambda x: np.clip(x-4,0,None).sum(),
 'mean': lambda x: x.mean(),
}
cols = sys.argv[2:] or ['logp']
res={}
for col in cols:
 for c in ['exfil','low-and-slow','replay']:
  for s in [1,2,3]:
    D,hosts,lab = load(tag,c,s); H=len(hosts)
    if col.startswith('l_'): D[col]=np.log(np.clip(D['p_'+col[2:]],1e-300,1))
    for a,f in aggs.items():
      sc=hostagg(D,H,col,f)
      res.setdefault((col,a,c),[]).append((auc(sc,lab),ap(sc,lab)))
for col in cols:
 print(col)
 for a in aggs:
  print('  ',a.ljust(7),'  '.join(f"{c[:6]} {np.mean([x[0] for x in res[(col,a,c)]]):.3f}/{np.mean([x[1] for x in res[(col,a,c)]]):.3f} ({min(x[0] for x in res[(col,a,c)]):.3f})" for c in ['exfil','low-and-slow','replay']))
