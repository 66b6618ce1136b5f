import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tags=sys.argv[1:]
for tag in tags:
  cells=[]
  for c in ['exfil','low-and-slow','replay']:
    A=[];P=[];S=[]
    for s in [1,2,3]:
      D,hosts,lab = load(tag,c,s); H=len(hosts)
      sc=-hostmin(D,'logp',H); A.append(auc(sc,lab)); P.append(ap(sc,lab))
      D['l']=np.log(np.clip(D['p_self_baseline'],1e-300,1)); ss=-hostmin(D,'l',H); S.append(auc(ss,lab))
    cells.append(f"{np.mean(A):.3f} / {np.mean(P):.3f} (self {np.mean(S):.3f})")
  al=[]
  for s in [1,2,3]:
    j=json.load(open(f'/tmp/ds/out-{tag}-none-{s}/summary.json')); al.append(j['detection']['alerts'])
  print(f"| {tag} | " + ' | '.join(cells) + f" | {'/'.join(map(str,al))} |")
