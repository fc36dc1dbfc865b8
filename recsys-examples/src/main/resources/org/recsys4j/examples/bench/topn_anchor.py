"""Runs the numpy top-N anchor (shared/anchors/topn/topn_refs.py, imported, not copied; only its iALS loop, a closure in its main(), is repeated below) on one data
set for the models Recsys4J has (ItemPop, ItemKNN, EASE per lambda, iALS f=64 reg=0.1 a=10.0), and prints, per model, the
pessimistic full-ranking HR@10 / NDCG@10 (ties against the model, as protocol T), fit and eval
seconds, as tab-separated lines: `model<TAB>hr10<TAB>ndcg10<TAB>fit_s<TAB>eval_s`, then
`#meta<TAB>key=value...`. Usage: topn_anchor.py ANCHOR_TOPN_DIR RATINGS_FILE LAMBDA[,LAMBDA...]"""
import os, sys, time

sys.path.insert(0, sys.argv[1])
import numpy as np
import scipy.sparse as sp
import topn_refs as T

path = sys.argv[2]
lambdas = [float(x) for x in sys.argv[3].split(',')] if len(sys.argv) > 3 and sys.argv[3] else []
u, i, t, nu, ni = T.load(path)
tu, ti, test = T.split(u, i, t, nu)
X = sp.csr_matrix((np.ones(len(tu)), (tu, ti)), shape=(nu, ni))
X.data[:] = 1.0
Xd = X.toarray()
res = {}


def run(name, fit, score):
    t0 = time.perf_counter(); state = fit(); fit_s = time.perf_counter() - t0
    t1 = time.perf_counter(); m = T.evaluate(lambda ub: score(state, ub), X, test, ni); ev_s = time.perf_counter() - t1
    res[name] = dict(hr10=float(m[4]), ndcg10=float(m[5]), fit_s=fit_s, eval_s=ev_s)
    print(f"numpy {name}: HR@10 {m[4]:.6f} NDCG@10 {m[5]:.6f} fit {fit_s:.2f}s eval {ev_s:.2f}s", file=sys.stderr, flush=True)


run('ItemPop', lambda: np.asarray(X.sum(0)).ravel(), lambda pop, ub: np.tile(pop, (len(ub), 1)))


def fit_knn():
    norms = np.sqrt((Xd ** 2).sum(0)) + 1e-9
    S = (Xd.T @ Xd) / np.outer(norms, norms); np.fill_diagonal(S, 0)
    return S


run('ItemKNN', fit_knn, lambda S, ub: Xd[ub] @ S)
for lam in lambdas:
    def fit_ease(lam=lam):
        G = Xd.T @ Xd
        G[np.diag_indices(ni)] += lam; P = np.linalg.inv(G); del G
        B = -P / np.diag(P); np.fill_diagonal(B, 0)
        return B
    run('EASE l=%g' % lam, fit_ease, lambda B, ub: Xd[ub] @ B)


# iALS (Hu et al. 2008) exactly as topn_refs.py's main() runs it (there it is a closure inside main, so it
# cannot be imported): exact per-row solve, confidence 1 + alpha, 15 sweeps, init normal(0, 0.01) from
# default_rng(0). A pure-Python row loop: a correctness reference, not a speed one.
for f, reg, alpha in [(64, 0.1, 10.0)]:
    def fit_ials(f=f, reg=reg, alpha=alpha):
        rng = np.random.default_rng(0)
        U = rng.normal(0, 0.01, (nu, f)); V = rng.normal(0, 0.01, (ni, f))
        C = X.copy(); C.data = 1 + alpha*C.data
        Ct = C.T.tocsr()
        for it in range(15):
            for A, B_, M in ((U, V, C), (V, U, Ct)):
                BtB = B_.T @ B_
                for r in range(A.shape[0]):
                    idx = M.indices[M.indptr[r]:M.indptr[r+1]]; c = M.data[M.indptr[r]:M.indptr[r+1]]
                    Bi = B_[idx]
                    Amat = BtB + (Bi.T * (c-1)) @ Bi + reg*np.eye(f)
                    A[r] = np.linalg.solve(Amat, (Bi.T * c).sum(1))
        return U, V
    run(f'iALS f={f} reg={reg} a={alpha}', fit_ials, lambda UV, ub: UV[0][ub] @ UV[1].T)
for name, r in res.items():
    print('\t'.join([name, repr(r['hr10']), repr(r['ndcg10']), repr(r['fit_s']), repr(r['eval_s'])]))
print('\t'.join(['#meta', 'users=%d' % nu, 'items=%d' % ni, 'train=%d' % X.nnz, 'numpy=' + np.__version__,
                 'threads=' + os.environ.get('OPENBLAS_NUM_THREADS', 'default')]))
