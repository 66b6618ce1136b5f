import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tag=sys.argv[1]
print('camp seed comb', VIEWS)
for c in ['exfil','low-and-slow','replay']:
  for s in [1,2,3]:
    D,hosts,lab = load(tag,c,s); H=len(hosts)
    row=[c,s,round(auc(-hostmin(D,'logp',H),lab),3)]
    for v in VIEWS:
      p = D['p_'+v]; D['l_'+v] = np.log(np.clip(p,1e-300,1))
      row.append(round(auc(-hostmin(D,'l_'+v,H),lab),3))
    print(*row)
