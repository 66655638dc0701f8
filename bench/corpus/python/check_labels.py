"""Re-derives every label in labels.json (the Python and notebook corpus, issue 15).

- kind "scalar": SymPy, the format of bench/corpus/code/labels.json (forward, derivative as written with
  the forward's outputs substituted where it reads them, the upstream gradient `g` as a free factor).
- kind "array": NumPy finite differences. The label holds OUR OWN re-implementation, in NumPy, of the
  forward and of the gradient as the code computes it (never the corpus's code, which is never run):
  with an upstream array `dout` of the forward's shape (1 for a scalar loss), the gradient of
  sum(dout * forward) with respect to each input, by central differences at seeded random points,
  is compared with the written gradient.
- kind "claim": a Markdown claim of a notebook, the derivations corpus's format (SymPy instances
  lhs/rhs, each `diff(...)` on the left), checked at random points.
- kind "none": stubs (nothing to derive).
A label is confirmed when right <=> they agree everywhere (not-a-derivative and wrong must disagree).
Usage: python3 bench/corpus/python/check_labels.py"""
import json, os, random, sys
import numpy as np
import sympy as sp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from sympy_labels import close, scalar_agrees as shared_scalar_agrees  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
labels = json.load(open(os.path.join(here, 'labels.json')))['labels']
rng = random.Random(15)
nrng = np.random.default_rng(15)


def scalar_agrees(s):
    # Variables the label names positive, and every one under a log or a square root.
    return shared_scalar_agrees(s, rng, 30, lambda s, name: name in s.get('positive', []) or 'log' in s['forward'] or 'sqrt' in s['forward'])


def draw(spec):
    """One random input: {"shape": [...], "kind": float|positive|int|bool|unit, "high": classes}."""
    shape = tuple(spec.get('shape', []))
    kind = spec.get('kind', 'float')
    if kind == 'int':
        return nrng.integers(0, spec['high'], size=shape)
    if kind == 'bool':
        return nrng.random(shape) < spec.get('p', 0.5)
    if kind == 'positive':
        return nrng.uniform(0.2, 2.0, size=shape)
    if kind == 'unit':
        return nrng.uniform(0.05, 0.95, size=shape)
    if kind == 'const':
        return spec['value']
    return nrng.normal(size=shape)


def array_agrees(a):
    env0 = {'np': np}
    for trial in range(4):
        inputs = {k: draw(v) for k, v in a['inputs'].items()}
        env = {**env0, **inputs}
        for k, e in a.get('outputs', {}).items():  # forward results the gradient reads
            env[k] = eval(e, env)
        out = np.asarray(eval(a['forward'], env), dtype=float)
        dout = np.ones_like(out) if a.get('scalar') else nrng.normal(size=out.shape)
        env['dout'] = dout
        for wrt, expr in a['derivative'].items():
            written = np.asarray(eval(expr, dict(env)), dtype=float)
            x = np.array(inputs[wrt], dtype=float)
            num = np.zeros_like(x)
            h = 1e-6
            for idx in np.ndindex(x.shape):
                for sgn in (1, -1):
                    xp = x.copy()
                    xp[idx] += sgn * h
                    e2 = {**env0, **inputs, wrt: xp}
                    for k, e in a.get('outputs', {}).items():
                        e2[k] = eval(e, e2)
                    num[idx] += sgn * np.sum(dout * np.asarray(eval(a['forward'], e2), dtype=float)) / (2 * h)
            if written.shape != num.shape and written.size == num.size:
                written = written.reshape(num.shape)
            if written.shape != num.shape or not np.allclose(written, num, rtol=1e-4, atol=1e-6):
                return False
    return True


def claim_agrees(c):
    for inst in c['instances']:
        lhs, rhs = sp.sympify(inst['lhs']).doit(), sp.sympify(inst['rhs'])
        syms = sorted(lhs.free_symbols | rhs.free_symbols, key=str)
        for trial in range(20):
            pt = {s: rng.uniform(0.1, 2) for s in syms}
            if not close(lhs.subs(pt).evalf(), rhs.subs(pt).evalf()):
                return False
    return True


bad = 0
for l in labels:
    if l['kind'] == 'none':
        ok = l['label'] == 'stub'
        if not ok:
            bad += 1
            print(f"MISMATCH {l['repo']}:{l['file']}:{l['line']}: kind none but label {l['label']}")
        continue
    if l['kind'] == 'scalar':
        agrees = scalar_agrees(l['sympy'])
    elif l['kind'] == 'array':
        agrees = array_agrees(l['array'])
    elif l['kind'] == 'claim':
        agrees = claim_agrees(l)
    else:
        raise ValueError(l['kind'])
    if agrees != (l['label'] == 'right'):
        bad += 1
        where = f"cell {l['cell']}:" if 'cell' in l else ''
        print(f"MISMATCH {l['repo']}:{l['file']}:{where}{l['line']} {l.get('function', '')}: label {l['label']}, the check says {'right' if agrees else 'wrong'}")
print(f'{len(labels) - bad}/{len(labels)} labels confirmed (SymPy, NumPy finite differences)')
sys.exit(1 if bad else 0)
