import os; exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'an.py')).read())
for tag in ['base','nsr','rho']:
  for s in [1,2,3]:
    D,hosts,lab = load(tag,'none',s)
    out=[]
    for col in ['sp_upload_cusum','sp_size_cusum','p_self_baseline']:
      v=D[col]; v=v[~np.isnan(v)]
      out.append(f"{col[3:14]}: n={len(v)} ≤.01 {np.mean(v<=0.01):.4f} ≤.001 {np.mean(v<=0.001):.4f}")
    print(tag,s,' | '.join(out))
