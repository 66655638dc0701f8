"""Re-derives every label in labels.json with SymPy: the derivative as written (with the forward's
outputs substituted where it reads them, the upstream gradient as a free factor) is compared with
the derivative SymPy takes of the forward, at seeded points away from kinks. A label is confirmed
when right <=> they agree everywhere. Usage: python3 bench/corpus/code/check_labels.py [corpus folder]"""
import json, os, random, sys
import sympy as sp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from sympy_labels import close, scalar_agrees as shared_scalar_agrees  # noqa: E402

# The corpus folder (its labels.json): this one, or the one given, e.g. bench/corpus/holdout/code.
here = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
labels = json.load(open(os.path.join(here, 'labels.json')))['labels']
rng = random.Random(14)
N = 3  # vector length for vector functions


def scalar_agrees(s):
    # Domains of log, division and real powers: every variable sampled positive.
    f = s['forward']
    return shared_scalar_agrees(s, rng, 40, lambda _s, _name: 'log' in f or '/' in f or '**' in f)


def softmax(z):
    e = [sp.exp(x) for x in z]
    return [x / sum(e) for x in e]


def vector_agrees(l):
    z = sp.symbols(f'z0:{N}', real=True)
    s = softmax(z)
    written = l['sympy']['derivative']
    for trial in range(10):
        point = {x: rng.uniform(-3, 3) for x in z}
        if l['kind'] == 'jacobian':
            # written: J[i][j] = a_i (1 - a_i) on the diagonal, -a_i a_j off it, a = softmax(z)
            for i in range(N):
                for j in range(N):
                    w = s[i] * (1 - s[i]) if i == j else -s[i] * s[j]
                    if not close(w.subs(point).evalf(), sp.diff(s[i], z[j]).subs(point).evalf()):
                        return False
        elif l['kind'] == 'softmax-ce-index':
            for t in range(N):  # every class value of the integer target
                loss = -sp.log(s[t])
                for i in range(N):
                    w = s[i] - (1 if i == t else 0)
                    if not close(w.subs(point).evalf(), sp.diff(loss, z[i]).subs(point).evalf()):
                        return False
        elif l['kind'] == 'softmax-ce-onehot':
            for t in range(N):
                onehot = [1 if k == t else 0 for k in range(N)]
                loss = -sum(onehot[k] * sp.log(s[k]) for k in range(N))
                for i in range(N):
                    w = s[i] - onehot[i]
                    if not close(w.subs(point).evalf(), sp.diff(loss, z[i]).subs(point).evalf()):
                        return False
        elif l['kind'] == 'mse-vector':
            a = sp.symbols(f'a0:{N}', real=True)
            y = sp.symbols(f'y0:{N}', real=True)
            loss = sum(sp.Rational(1, 2) * (a[k] - y[k]) ** 2 for k in range(N))
            pt = {**{x: rng.uniform(-3, 3) for x in a}, **{x: rng.uniform(-3, 3) for x in y}}
            for i in range(N):
                if not close((a[i] - y[i]).subs(pt), sp.diff(loss, a[i]).subs(pt)):
                    return False
        elif l['kind'] == 'sse-vector':
            # summed square error without the 1/2: the gradient is 2 (a - y)
            a = sp.symbols(f'a0:{N}', real=True)
            y = sp.symbols(f'y0:{N}', real=True)
            loss = sum((a[k] - y[k]) ** 2 for k in range(N))
            pt = {**{x: rng.uniform(-3, 3) for x in a}, **{x: rng.uniform(-3, 3) for x in y}}
            for i in range(N):
                if not close((2 * (a[i] - y[i])).subs(pt), sp.diff(loss, a[i]).subs(pt)):
                    return False
        elif l['kind'] == 'nll-index':
            # -log of the probability at an integer class: -1/p_t at t, 0 at every other entry
            p = sp.symbols(f'p0:{N}', positive=True)
            pt = {x: rng.uniform(0.05, 1) for x in p}
            for t in range(N):
                loss = -sp.log(p[t])
                for i in range(N):
                    w = -1 / p[t] if i == t else 0
                    if not close(sp.sympify(w).subs(pt), sp.diff(loss, p[i]).subs(pt)):
                        return False
        else:
            raise ValueError(l['kind'])
    return True


bad = 0
for l in labels:
    agrees = scalar_agrees(l['sympy']) if l['kind'] == 'scalar' else vector_agrees(l)
    expected = l['label'] == 'right'
    if agrees != expected:
        bad += 1
        print(f"MISMATCH {l['repo']}:{l['file']}:{l['line']} {l['function']}: label {l['label']}, SymPy says {'right' if agrees else 'wrong'}")
print(f'{len(labels) - bad}/{len(labels)} labels confirmed by SymPy')
sys.exit(1 if bad else 0)
