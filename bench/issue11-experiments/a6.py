import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tag=sys.argv[1]
for c in ['exfil','low-and-slow']:
  for s in [1,2,3]:
    D,hosts,lab = load(tag,c,s); H=len(hosts)
    mins = {v: hostmin(D,'p_'+v,H) for v in VIEWS}
    for v in mins: mins[v][mins[v]==0]=1
    anyv = np.min(np.vstack([mins[v] for v in VIEWS]),axis=0)
    comb = hostmin(D,'logp',H)
    for h in np.where(lab==1)[0]:
      p=mins['self_baseline'][h]
      print(c,s,hosts[h],f"self={p:.1e}", 'clean self<=:', int((mins['self_baseline'][lab==0]<=p).sum()), ' clean any view<=:', int((anyv[lab==0]<=p).sum()), ' clean comb<=victim comb:', int((comb[lab==0]<=comb[h]).sum()))
