import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSame, ctx, errorOf, noFunctions, show } from './helpers.js';

test('fractions, groups, powers, roots', () => {
  assertSame('\\frac{1}{1 + e^{-z}}', '1 / (1 + exp(-z))');
  assertSame('\\dfrac{a}{b} + \\tfrac{c}{d}', 'a/b + c/d');
  assertSame('\\frac12 + \\tfrac13 x', '1/2 + x/3');
  assertSame('x^2 y^{10} z^{-1}', 'x^2 * y^10 / z');
  assertSame('x^23', 'x^2 * 3'); // TeX reads one digit
  assertSame('\\sqrt{x} + \\sqrt[3]{y} + \\sqrt[4]{z}', 'sqrt(x) + cbrt(y) + z^(1/4)');
  assertSame('{a + b}^2', '(a + b)^2');
  assertSame('\\left( a + b \\right) \\left[ c - d \\right]', '(a + b) * (c - d)');
  assertSame('\\bigl( a + b \\bigr) \\Big[ c \\Big]', '(a + b) * c');
  assertSame('10^{-3} x', '0.001 * x');
  assertSame('0.5 x + 1e-3', '0.5 * x + 0.001');
  assert.equal(show('\\frac{1}{1 + e^{-z}}'), '1 / (1 + exp(-z))');
});

test('exp, logs and trigonometric functions', () => {
  assert.equal(show('e^{x}'), 'exp(x)');
  assert.equal(show('e^x'), 'exp(x)');
  assert.equal(show('\\mathrm{e}^{-x}'), 'exp(-x)');
  assert.equal(show('e'), 'e');
  assertSame('\\exp(-z) + \\exp[-z] + \\exp z', 'exp(-z) + exp(-z) + exp(z)');
  assertSame('\\log x + \\ln(y) + \\log_2 z + \\log_{10} w + \\log_b a', 'log(x) + log(y) + log2(z) + log10(w) + log(a, b)');
  assertSame('\\sin 2x + \\cos(x) + \\tan x', 'sin(2 x) + cos(x) + tan(x)');
  assertSame('\\sinh x \\cosh y \\tanh z', 'sinh(x) * cosh(y) * tanh(z)');
  assertSame('\\sin^2 x + \\log^2(y)', 'sin(x)^2 + log(y)^2');
  assertSame('\\log[1 - y]', 'log(1 - y)');
  assertSame('exp(x) + log(y)', 'exp(x) + log(y)'); // plain words in Markdown
});

test('multiplication: explicit and implicit', () => {
  assertSame('a \\cdot b \\times c * d', 'a * b * c * d');
  assertSame('2x', '2 * x');
  assertSame('xy', 'x * y');
  assertSame('y\\log p + (1-y)\\log(1-p)', 'y * log(p) + (1 - y) * log(1 - p)');
  assertSame('a(b + c)', 'a * (b + c)');
  assertSame('y[1 - y]', 'y * (1 - y)');
  assertSame('h(1-h)', 'h * (1 - h)');
  assertSame('a / b / c', 'a / b / c');
  assertSame('-x^2', '-(x^2)');
  assertSame('a \\cdot -b', 'a * -b');
});

test('absolute values, max and min', () => {
  assert.equal(show('|x|'), 'abs(x)');
  assert.equal(show('\\lvert x - 1 \\rvert'), 'abs(x - 1)');
  assert.equal(show('\\left| x \\right|'), 'abs(x)');
  assertSame('|x| + |y - 1|', 'abs(x) + abs(y - 1)');
  assert.equal(show('\\max(0, x)'), 'max(0, x)');
  assert.equal(show('\\max\\{a, b\\}'), 'max(a, b)');
  assert.equal(show('\\min\\left(a, b, c\\right)'), 'min(a, b, c)');
  assert.equal(show('max(0, x)'), 'max(0, x)');
  assert.match(errorOf('\\max(x)'), /single argument/);
  assert.match(errorOf('\\max_i x_i'), /index set/);
});

test('sums with numeric bounds are expanded; symbolic bounds are an error', () => {
  assert.equal(show('\\sum_{j=1}^{3} e^{z_j}'), 'exp(z_1) + exp(z_2) + exp(z_3)');
  assert.equal(show('\\sum_{i=1}^2 y_i \\log p_i'), 'y_1 * log(p_1) + y_2 * log(p_2)');
  assert.equal(show('\\sum_{j=1}^{2} j x_{ij}'), '1 * x_i1 + 2 * x_i2');
  assert.equal(show('\\prod_{k=1}^{2} w_k'), 'w_1 * w_2');
  assertSame('\\frac{e^{z_1}}{\\sum_{j=1}^{2} e^{z_j}}', 'exp(z_1) / (exp(z_1) + exp(z_2))');
  assert.match(errorOf('\\sum_{i=1}^K y_i'), /sum with symbolic bounds/);
  assert.match(errorOf('\\sum_j w_j'), /sum with symbolic bounds/);
});

test('constants, unary minus, infinity', () => {
  assert.equal(show('\\pi r^2'), 'pi * r ^ 2');
  assert.equal(show('\\infty'), 'Infinity');
  assert.equal(show('-\\infty'), '-Infinity');
  assertSame('--x', 'x');
  assertSame('-(2y - 1)', '1 - 2 y');
});

test('cases become conditionals', () => {
  assert.equal(show('\\begin{cases} 1, & \\text{if } z_1 > 0 \\\\ 0, & \\text{otherwise} \\end{cases}'), '(z_1 > 0) ? 1 : 0');
  assert.equal(show('\\begin{cases} x & x \\geq 0 \\\\ 0 & x < 0 \\end{cases}'), '(x >= 0) ? x : ((x < 0) ? 0 : NaN)');
  assert.equal(show('\\left\\{ \\begin{array}{ll} x & \\text{if } x > 0 \\\\ \\alpha x & \\text{else} \\end{array} \\right.'), '(x > 0) ? x : (alpha * x)');
  assert.equal(show('\\begin{cases} 1 & 0 < x < 1 \\\\ 0 & \\text{otherwise} \\end{cases}'), '(0 < x and x < 1) ? 1 : 0');
  assert.equal(show('\\begin{cases} x \\text{ if } x > 0 \\\\ 0 \\text{ otherwise} \\end{cases}'), '(x > 0) ? x : 0');
});

test('indicators become 1/0 conditionals', () => {
  assert.equal(show('\\mathbb{1}[x > 0]'), '(x > 0) ? 1 : 0');
  assert.equal(show('\\mathbf{1}_{x>0}'), '(x > 0) ? 1 : 0');
  assert.equal(show('\\mathbb{1}\\{z \\le 0\\}'), '(z <= 0) ? 1 : 0');
  assertSame('x \\mathbb{1}[x > 0]', 'x > 0 ? x : 0');
});

test('Greek letters, decorations, fonts and subscripts make single names', () => {
  assert.equal(show('\\sigma'), 'sigma');
  assert.equal(show('\\phi + \\varphi + \\theta + \\vartheta + \\epsilon'), 'phi + phi + theta + theta + epsilon');
  assert.equal(show('\\ell + l'), 'l + l');
  assert.equal(show('\\mathbf{x} + \\boldsymbol{\\phi} + \\bm{x} + \\vec{x}'), 'x + phi + x + x');
  assert.equal(show('\\hat{y} + \\hat y + \\tilde{x} + \\bar{x}'), 'y_hat + y_hat + x_tilde + x_bar');
  assert.equal(show('y_i + z_1 + w_{k} + \\ell_i + x_{ij}'), 'y_i + z_1 + w_k + l_i + x_ij');
  assert.equal(show('\\hat{y}_i + \\hat{y_i}'), 'y_hat_i + y_hat_i');
  assert.equal(show('a^{(l)} + y^{(i)} + W^{(1)}'), 'a_l + y_i + W_1');
  assert.equal(show('\\sigma_i + \\mathbf{w}_k + x_{i,j} + z_{t-1}'), 'sigma_i + w_k + x_i_j + z_tm1');
  assert.equal(show("y'_i"), 'y_prime_i');
  assert.equal(show('x^*'), 'x_star');
  assert.equal(show('L_{\\text{SVM}} + \\mathcal{L}'), 'L_SVM + L');
});

test('names that collide with the vocabulary or parser functions are renamed', () => {
  assert.equal(show('\\operatorname{derivative}', noFunctions), 'derivative_v');
  assert.equal(show('\\mathrm{at} \\cdot 2'), 'at_v * 2');
  assert.equal(show('\\mathrm{Infinity} + \\text{NaN}'), 'Infinity_v + NaN_v');
  assert.equal(show('\\mathit{sign}_1'), 'sign_1');
  // a vocabulary word is a function, so alone it needs an argument rather than becoming a variable
  assert.match(errorOf('\\mathrm{exp}'), /exp needs an argument/);
});

test('function application: context functions, upright words, Prince-style brackets', () => {
  assert.equal(show('\\sigma(z)'), 'sigma(z)');
  assert.equal(show('\\sigma(z)', noFunctions), 'sigma * z');
  assert.equal(show('\\operatorname{sig}[z]', noFunctions), 'sig(z)');
  assert.equal(show('\\operatorname{sig}\\left[f\\left[\\mathbf{x}_i, \\boldsymbol\\phi\\right]\\right]', noFunctions), 'sig(f(x_i, phi))');
  assert.equal(show('\\text{ReLU}(x)', noFunctions), 'relu(x)');
  assert.equal(show('\\mathrm{softplus}(x)', noFunctions), 'softplus(x)');
  assert.equal(show('\\text{logit}(p)', noFunctions), 'logit(p)');
  assert.equal(show('f[x_i, \\phi]', noFunctions), 'f(x_i, phi)');
  assert.equal(show('L(\\mathbf{x}, \\mathbf{W})', noFunctions), 'L(x, W)');
  assert.equal(show('f(\\mathbf{x}; \\mathbf{W})', noFunctions), 'f(x, W)');
  assert.equal(show('softmax(z)'), 'softmax(z)');
  assert.equal(show('ReLU(x)'), 'relu(x)');
  assert.equal(show('sig(x)', noFunctions), 's * i * g * x');
  assert.equal(show('\\sigma z'), 'sigma(z)');
  assert.equal(show('\\sigma^2'), 'sigma ^ 2'); // a function name used bare is a variable
  assert.match(errorOf('\\exp'), /exp needs an argument/);
  assert.match(errorOf('\\exp(a, b)'), /exp takes 1 argument, got 2/);
  assert.match(errorOf('\\text{logit}^{-1}(x)'), /inverse function/);
});

test('derivatives in fraction form', () => {
  assert.equal(show('\\frac{d}{dx} x^2'), 'derivative(x ^ 2, x)');
  assert.equal(show('\\frac{d}{dx}\\left[\\frac{1}{1+e^{-x}}\\right]'), 'derivative(1 / (1 + exp(-x)), x)');
  assert.equal(show('\\frac{\\mathrm{d}}{\\mathrm{d}x} \\sigma(x)'), 'derivative(sigma(x), x)');
  assert.equal(show('\\frac{df}{dx}'), 'derivative(f, x)');
  assert.equal(show('\\frac{d\\sigma(x)}{dx}'), 'derivative(sigma(x), x)');
  assert.equal(show('\\frac{\\partial \\ell}{\\partial z}'), 'derivative(l, z)');
  assert.equal(show('\\frac{\\partial}{\\partial z} (\\log(\\sigma(z)))'), 'derivative(log(sigma(z)), z)');
  assert.equal(show('\\frac{\\partial^2 f}{\\partial x^2}'), 'derivative(derivative(f, x), x)');
  assert.equal(show('\\frac{d^2 y}{dx^2}'), 'derivative(derivative(y, x), x)');
  assert.equal(show('\\frac{\\partial^2 f}{\\partial x \\partial y}'), 'derivative(derivative(f, y), x)');
  assert.equal(show('\\frac{\\partial z_i}{\\partial h_j}'), 'derivative(z_i, h_j)');
  assert.equal(show('\\frac{\\partial \\ell_i}{\\partial f[x_i, \\phi]}'), 'derivative(l_i, f(x_i, phi))');
  assert.equal(show('\\frac{\\partial \\sigma(u)}{\\partial (2u)}'), 'derivative(sigma(u), 2 * u)');
  assert.equal(show('\\frac{d_1}{d_2}'), 'd_1 / d_2');
  assert.equal(show('\\frac{d}{2}'), 'd / 2');
  assert.match(errorOf('\\frac{\\partial^2 f}{\\partial x}'), /orders do not match/);
});

test('derivatives in slash, nabla and prime form', () => {
  assert.equal(show('\\partial \\ell/\\partial z'), 'derivative(l, z)');
  assert.equal(show('\\partial l_i/\\partial f[x_i,\\theta]'), 'derivative(l_i, f(x_i, theta))');
  assert.equal(show('\\partial_z L'), 'derivative(L, z)');
  assert.equal(show('\\nabla_z L'), 'derivative(L, z)');
  assert.equal(show('\\nabla_{\\theta} J(\\theta)'), 'derivative(J(theta), theta)');
  assert.equal(show('dy/dx'), 'derivative(y, x)');
  assert.equal(show('d/dx (x^2)'), 'derivative(x ^ 2, x)');
  assert.equal(show("f'(x)", noFunctions), 'derivative(f(x), x)');
  assert.equal(show("f''(x)", noFunctions), 'derivative(derivative(f(x), x), x)');
  assert.equal(show("\\sigma'(z)"), 'derivative(sigma(z), z)');
  assert.equal(show("S'(0)"), 'at(derivative(S(x), x), x, 0)');
  assert.equal(show("S'(-x)"), 'at(derivative(S(t), t), t, -x)');
  assert.equal(show('f^{\\prime}(x)', noFunctions), 'derivative(f(x), x)');
  assert.equal(show("[\\log(x)]'"), 'derivative(log(x), x)');
  assert.equal(show('\\left.\\frac{d}{dx} x^2\\right|_{x=0}'), 'at(derivative(x ^ 2, x), x, 0)');
  assert.equal(show('\\frac{d}{dx} x^3 \\Big|_{x=1}'), 'at(derivative(x ^ 3, x), x, 1)');
  assert.match(errorOf('\\partial L'), /denominator/);
  assert.match(errorOf("(x + y)'"), /ambiguous/);
});

test('limits', () => {
  assert.equal(show('\\lim_{z \\to \\infty} -(1-\\sigma(z))'), 'limit(-(1 - sigma(z)), z, Infinity)');
  assert.equal(show('\\lim_{z \\rightarrow -\\infty} \\sigma(z)'), 'limit(sigma(z), z, -Infinity)');
  assert.equal(show('\\lim_{h \\to 0^+} \\frac{1}{h}'), 'limit(1 / h, h, 0)');
  assert.equal(show('\\lim\\limits_{x\\to 2} x + 1'), 'limit(x + 1, x, 2)');
  assert.match(errorOf('\\lim x'), /subscript/);
});

test('unsupported notation gives readable member errors', () => {
  assert.match(errorOf('\\Omega^T'), /matrix notation is not supported/);
  // A vector's transpose is read componentwise once the document's dimension is instantiated (vectors.test.ts).
  assert.match(errorOf('\\mathbf{w}^\\top x'), /read componentwise only with the dimension instantiated/);
  assert.match(errorOf('\\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}'), /matrix notation is not supported/);
  assert.match(errorOf('\\int_0^1 x\\,dx'), /integrals/);
  assert.match(errorOf('\\foo{x}'), /unknown macro \\foo/);
  assert.match(errorOf('x \\in \\mathbb{R}'), /set membership/);
  assert.match(errorOf('\\frac{1}{2'), /unbalanced braces/);
  assert.match(errorOf('(a + b'), /never closed/);
  assert.match(errorOf('a + b)'), /unbalanced/);
  assert.match(errorOf('(0, 1)'), /tuple or interval/);
  assert.match(errorOf('x \\pm 1'), /±/);
  assert.match(errorOf('\\frac{\\text{for all}}{2}'), /text "for all" inside a formula/);
  assert.ok(ctx.isFunction('sigma'));
});

test('{a \\over b} is the quotient of its group; nested groups and text before and after keep their places', () => {
  assertSame('{1 \\over 1 + e^{-z}}', '1 / (1 + exp(-z))');
  assertSame('2{x + 1 \\over {y \\over 3}} + 1', '2 * (x + 1) / (y / 3) + 1');
  assert.equal(show('{\\partial f \\over \\partial x}'), show('\\frac{\\partial f}{\\partial x}'));
});
