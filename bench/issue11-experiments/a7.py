import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
tag=sys.argv[1]; c=sys.argv[2]
for s in [1,2,3]:
    D,hosts,lab = load(tag,c,s); H=len(hosts)
    vic = lab[D['hid']]==1
    lp=D['p_lateral']; n=len(lp)
    nz = lp<1
    print(s,'host-intervals',n,'with lateral p<1:',nz.sum(),' of them victims:',(nz&vic).sum(), ' victim min lateral p per host:', ' '.join(f'{x:.0e}' for x in sorted(hostmin(D,'p_lateral',H)[lab==1])))
    comb=hostmin(D,'logp',H)
    print('   victims best combined p:', ' '.join(f'{np.exp(x):.0e}' for x in sorted(comb[lab==1])), ' clean best 5:', ' '.join(f'{np.exp(x):.0e}' for x in sorted(comb[lab==0])[:5]))
