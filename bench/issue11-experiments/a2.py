import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tag,c,s=sys.argv[1],sys.argv[2],int(sys.argv[3])
D,hosts,lab = load(tag,c,s); H=len(hosts)
best = {}
for i in range(len(D['logp'])):
    h=D['hid'][i]
    if h not in best or D['logp'][i]<D['logp'][best[h]]: best[h]=i
order = sorted(range(H), key=lambda h: D['logp'][best[h]])
def show(h,r):
    i=best[h]
    print(f"{r:3d} {hosts[h]:7s} {'V' if lab[h] else ' '} iv={int(D['interval'][i]):2d} lp={D['logp'][i]:7.2f} up={D['upload'][i]:.2e} kde={D['kde_stat'][i]:.1f} pz={D['peer_z_stat'][i]:.1f} " + ' '.join(f"{v[:4]}={D['p_'+v][i]:.1e}" for v in VIEWS) )
for r,h in enumerate(order[:12]): show(h,r+1)
for r,h in enumerate(order):
    if lab[h] and r>=12: show(h,r+1)
# victims' self_baseline trajectory
for h in range(H):
    if lab[h]:
        idx=[i for i in range(len(D['hid'])) if D['hid'][i]==h]
        print(hosts[h], ' '.join(f"{int(D['interval'][i])}:{D['p_self_baseline'][i]:.0e}" for i in idx))
