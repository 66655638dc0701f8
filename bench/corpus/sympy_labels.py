"""The scalar label check both code corpora share (bench/corpus/code and bench/corpus/python):
the derivative as written, with the forward's outputs substituted where it reads them and the
upstream gradient `g` as a free factor, against the derivative SymPy takes of the forward, at
seeded random points away from kinks. Each corpus passes its own random generator, number of
trials and rule for which variables must be sampled positive (the domains its labels need)."""
import sympy as sp


def close(a, b):
    if a.has(sp.nan, sp.zoo) or b.has(sp.nan, sp.zoo):
        return False
    a, b = complex(a), complex(b)
    return abs(a - b) <= 1e-7 * (1 + abs(b))


def param_value(rng, role):
    if role == 'upstream':
        return rng.uniform(-2, 2)
    if role == 'slope<=1':
        return rng.uniform(0.01, 1)
    if role == 'positive':
        return rng.uniform(0.1, 3)
    if role == 'unit':
        return rng.uniform(0.05, 0.95)
    return rng.choice([2, 3, 0.5, -1.5])  # constant exponent or scale


def scalar_agrees(s, rng, trials, positive):
    """`positive(s, name)`: whether variable `name` of label `s` is sampled > 0."""
    vs = {v: sp.Symbol(v, real=True) for v in s['vars']}
    ps = {p: sp.Symbol(p, real=True) for p in s['params']}
    loc = {**vs, **ps}
    f = sp.sympify(s['forward'], locals=loc)
    outs = {k: sp.sympify(e, locals=loc) for k, e in s.get('outputs', {}).items()}
    g = ps['g'] if 'g' in ps else sp.Integer(1)
    for trial in range(trials):
        point = {}
        for name, sym in vs.items():
            x = rng.uniform(-4, 4)
            if abs(x) < 1e-2:
                x = 0.5
            if positive(s, name):
                x = abs(x) + 0.1
            point[sym] = x
        for name, sym in ps.items():
            point[sym] = param_value(rng, s['params'][name])
        if trial == 0:
            # Points the label names (a removable singularity such as 0/0 at a zero factor).
            for name, value in s.get('check_at', {}).items():
                point[vs[name]] = value
        for wrt, expr in s['derivative'].items():
            d = sp.sympify(expr, locals={**loc, **{k: sp.Symbol(k, real=True) for k in outs}})
            # The outputs the derivative reads are numbers at the point (as the code has them), so
            # the formula is evaluated as written: no symbolic cancellation of y / a.
            at = {**point, **{sp.Symbol(k, real=True): v.subs(point).evalf() for k, v in outs.items()}}
            truth = g * sp.diff(f, vs[wrt])
            if not close(d.subs(at).evalf(), truth.subs(point).evalf()):
                return False
    return True
