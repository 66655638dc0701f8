#!/usr/bin/env python3
"""Re-checks every right/wrong label of the derivations corpus with SymPy at random points.

Each labelled claim carries SymPy instances (lhs, rhs); index and sum notation is instantiated in them
(K = 3 classes, n = 2 or 3 data points). A right claim must agree at every point, a wrong claim must
disagree at some point, and every mutant (mutants.ts makes them from rhs_tex) must disagree too.
Domains: real in [-3, 3] unless named: pos (0.1, 5), prob (0.05, 0.95), label {0, 1}, count
(a non-negative integer; the name n draws 7..10 so that binomial(n, k) with k in 0..6 is positive).
A claim written to a few digits (0.15 for 0.1538) carries its absolute tolerance.
Usage: python3 bench/corpus/derivations/check_labels.py [corpus folder]   (exit status 1 when a label does not hold)
"""
import json, random, sys, os
import sympy as sp

# The corpus folder (its labels.json): this one, or the one given, e.g. bench/corpus/holdout/derivations.
HERE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rng = random.Random(13)

def draw(name, dom):
    kind = dom.get(name, 'real')
    if kind == 'pos': return sp.Float(rng.uniform(0.1, 5))
    if kind == 'prob': return sp.Float(rng.uniform(0.05, 0.95))
    if kind == 'label': return sp.Integer(rng.randint(0, 1))
    if kind == 'count': return sp.Integer(rng.randint(7, 10) if name == 'n' else rng.randint(0, 6))
    return sp.Float(rng.uniform(-3, 3))

def differs(lhs, rhs, dom, points=24, tol=None):
    """(number of points compared, number that disagree)."""
    a, b = sp.sympify(lhs), sp.sympify(rhs)
    if any(isinstance(e, sp.Derivative) for e in (a, b)):
        a, b = a.doit(), b.doit()
    syms = sorted(a.free_symbols | b.free_symbols, key=str)
    seen = bad = 0
    for _ in range(points):
        sub = {s: draw(str(s), dom) for s in syms}
        try:
            va, vb = complex(sp.N(a.subs(sub), 30)), complex(sp.N(b.subs(sub), 30))
        except (TypeError, ZeroDivisionError):
            continue
        if any(map(lambda v: v != v or abs(v) == float('inf'), (va, vb))): continue
        seen += 1
        if abs(va - vb) > (tol if tol else 1e-9 * (1 + abs(va))): bad += 1
    return seen, bad

def mutants_of(claim):
    """The SymPy instances of each mutant: a flipped sign always, and the ones written in the label."""
    out = []
    if claim.get('rhs_tex'):
        out.append(('sign', [dict(lhs=i['lhs'], rhs=f"-({i['rhs']})") for i in claim['instances']]))
    for m in claim.get('mutants', []):
        out.append((m['kind'], [dict(lhs=i['lhs'], rhs=m['rhs']) for i in claim['instances'][:1]]))
    return out

def main():
    labels = json.load(open(os.path.join(HERE, 'labels.json')))['documents']
    problems = checked = 0
    for doc, claims in labels.items():
        for c in claims:
            if c['label'] not in ('right', 'wrong'): continue
            dom = c.get('domains', {})
            results = [differs(i['lhs'], i['rhs'], dom, tol=c.get('tolerance')) for i in c['instances']]
            checked += 1
            if any(seen < 4 for seen, _ in results):
                print(f'{doc}:{c["line"]}: too few points could be evaluated'); problems += 1; continue
            ok = all(bad == 0 for _, bad in results)
            if (c['label'] == 'right') != ok:
                print(f'{doc}:{c["line"]}: labelled {c["label"]} but SymPy finds {results}'); problems += 1
            if c['label'] == 'right':
                for kind, inst in mutants_of(c):
                    if all(differs(i['lhs'], i['rhs'], dom)[1] == 0 for i in inst):
                        print(f'{doc}:{c["line"]}: the {kind} mutant is not wrong'); problems += 1
    print(f'{checked} labels checked with SymPy, {problems} problems')
    sys.exit(1 if problems else 0)

if __name__ == '__main__':
    main()
