import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tag=sys.argv[1]
for c,s in [('exfil',1),('exfil',3),('low-and-slow',1),('low-and-slow',3),('none',1),('none',3)]:
  D,hosts,lab = load(tag,c,s); H=len(hosts)
  for col in ['sp_upload_cusum','sp_size_cusum','sp_size_z','p_self_baseline']:
    m = hostmin(D,col,H); m[m==0]=1
    v = sorted(m[lab==1]); cl = sorted(m[lab==0])[:5]
    print(c,s,col[:14].ljust(14),'V',' '.join(f'{x:.0e}' for x in v),'| clean',' '.join(f'{x:.0e}' for x in cl))
