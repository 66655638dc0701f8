/**
 * The catalog: activations and losses people write, each with its canonical formula (mathjs text
 * over the vocabulary), the derivative with respect to its input, the domain of every parameter,
 * and the names and notations it goes by. Recognition (recognize.ts) is structural: these formulas
 * are compared numerically with what the user wrote, names are only hints.
 */
import type { Role } from '../sampling/roles.js';

export type Category = 'activation' | 'loss';

export interface CatalogEntry {
  id: string;
  title: string;
  category: Category;
  /** Names and notations (lower-cased when matched): what a document may call it. */
  aliases: readonly string[];
  /** Formula parameters; the first is the input that is differentiated. */
  params: readonly string[];
  roles: Readonly<Record<string, Role>>;
  formula: string;
  /** d formula / d params[0], in a readable canonical form. */
  derivative: string;
  /** The derivative written in terms of the output y = f(x), where that is how people write it. */
  outputForm?: string;
  /** A numerically stable way to write it, when the textbook form is not. */
  stable?: string;
  /** For vector entries: the number of components the formula is written for. */
  dims?: number;
}

const x = ['x'] as const;
const real = { x: 'real' } as const;

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

export const CATALOG: readonly CatalogEntry[] = [
  { id: 'sigmoid', title: 'logistic sigmoid', category: 'activation', aliases: ['sigmoid', 'sigma', 'sig', 'logistic', 'σ', 's', 'expit'], params: x, roles: real,
    formula: '1 / (1 + exp(-x))', derivative: 'sigmoid(x) * (1 - sigmoid(x))', outputForm: 'y * (1 - y)' },
  { id: 'tanh', title: 'hyperbolic tangent', category: 'activation', aliases: ['tanh'], params: x, roles: real,
    formula: 'tanh(x)', derivative: '1 - tanh(x)^2', outputForm: '1 - y^2' },
  { id: 'relu', title: 'ReLU', category: 'activation', aliases: ['relu', 'rectifier', 'relu6'], params: x, roles: real,
    formula: 'max(x, 0)', derivative: 'x > 0 ? 1 : 0' },
  { id: 'leaky_relu', title: 'leaky ReLU (slope 0.01)', category: 'activation', aliases: ['leakyrelu', 'leaky_relu', 'lrelu', 'leaky'], params: x, roles: real,
    formula: 'x > 0 ? x : 0.01 * x', derivative: 'x > 0 ? 1 : 0.01' },
  { id: 'elu', title: 'ELU (α = 1)', category: 'activation', aliases: ['elu'], params: x, roles: real,
    formula: 'x > 0 ? x : exp(x) - 1', derivative: 'x > 0 ? 1 : exp(x)', outputForm: 'x > 0 ? 1 : y + 1' },
  { id: 'selu', title: 'SELU', category: 'activation', aliases: ['selu'], params: x, roles: real,
    formula: `${SELU_SCALE} * (x > 0 ? x : ${SELU_ALPHA} * (exp(x) - 1))`, derivative: `${SELU_SCALE} * (x > 0 ? 1 : ${SELU_ALPHA} * exp(x))` },
  { id: 'softplus', title: 'softplus', category: 'activation', aliases: ['softplus', 'sp', 'zeta'], params: x, roles: real,
    formula: 'log(1 + exp(x))', derivative: 'sigmoid(x)', stable: 'max(x, 0) + log1p(exp(-abs(x)))' },
  { id: 'softsign', title: 'softsign', category: 'activation', aliases: ['softsign'], params: x, roles: real,
    formula: 'x / (1 + abs(x))', derivative: '1 / (1 + abs(x))^2' },
  { id: 'silu', title: 'SiLU / swish', category: 'activation', aliases: ['silu', 'swish', 'swish1'], params: x, roles: real,
    formula: 'x / (1 + exp(-x))', derivative: 'sigmoid(x) * (1 + x * (1 - sigmoid(x)))' },
  { id: 'gelu', title: 'GELU (exact, erf form)', category: 'activation', aliases: ['gelu'], params: x, roles: real,
    formula: '0.5 * x * (1 + erf(x / sqrt(2)))', derivative: '0.5 * (1 + erf(x / sqrt(2))) + x * exp(-x^2 / 2) / sqrt(2 * pi)' },
  { id: 'gelu_tanh', title: 'GELU (tanh approximation)', category: 'activation', aliases: ['gelu', 'gelu_tanh', 'gelutanh'], params: x, roles: real,
    formula: '0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))',
    derivative: '0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))) + 0.5 * x * sech(sqrt(2 / pi) * (x + 0.044715 * x^3))^2 * sqrt(2 / pi) * (1 + 3 * 0.044715 * x^2)' },
  { id: 'mish', title: 'mish', category: 'activation', aliases: ['mish'], params: x, roles: real,
    formula: 'x * tanh(log(1 + exp(x)))', derivative: 'tanh(softplus(x)) + x * sech(softplus(x))^2 * sigmoid(x)' },
  { id: 'hard_sigmoid', title: 'hard sigmoid', category: 'activation', aliases: ['hardsigmoid', 'hard_sigmoid', 'hsigmoid'], params: x, roles: real,
    formula: 'max(0, min(1, (x + 3) / 6))', derivative: 'abs(x) < 3 ? 1/6 : 0' },
  { id: 'hard_tanh', title: 'hard tanh', category: 'activation', aliases: ['hardtanh', 'hard_tanh', 'htanh'], params: x, roles: real,
    formula: 'max(-1, min(1, x))', derivative: 'abs(x) < 1 ? 1 : 0' },
  { id: 'softmax', title: 'softmax (component 1 of 3)', category: 'activation', aliases: ['softmax'], dims: 3, params: ['z_1', 'z_2', 'z_3'], roles: { z_1: 'real', z_2: 'real', z_3: 'real' },
    formula: 'exp(z_1) / (exp(z_1) + exp(z_2) + exp(z_3))', derivative: 's_1 * (1 - s_1)',
    stable: 'exp(z_1 - m) / (exp(z_1 - m) + exp(z_2 - m) + exp(z_3 - m)), m = max(z_1, z_2, z_3)' },
  { id: 'log_softmax', title: 'log-softmax (component 1 of 3)', category: 'activation', aliases: ['logsoftmax', 'log_softmax'], dims: 3, params: ['z_1', 'z_2', 'z_3'], roles: { z_1: 'real', z_2: 'real', z_3: 'real' },
    formula: 'z_1 - log(exp(z_1) + exp(z_2) + exp(z_3))', derivative: '1 - s_1',
    stable: 'z_1 - m - log(exp(z_1 - m) + exp(z_2 - m) + exp(z_3 - m)), m = max(z_1, z_2, z_3)' },
  // Losses: the first parameter is the prediction being differentiated.
  { id: 'squared_error', title: 'squared error', category: 'loss', aliases: ['mse', 'squared_error', 'l2', 'sse', 'least_squares'], params: ['yhat', 'y'], roles: { yhat: 'real', y: 'real' },
    formula: '(yhat - y)^2', derivative: '2 * (yhat - y)' },
  { id: 'half_squared_error', title: 'half squared error', category: 'loss', aliases: ['mse', 'squared_error', 'l2'], params: ['yhat', 'y'], roles: { yhat: 'real', y: 'real' },
    formula: '0.5 * (yhat - y)^2', derivative: 'yhat - y' },
  { id: 'absolute_error', title: 'absolute error', category: 'loss', aliases: ['mae', 'l1', 'absolute_error'], params: ['yhat', 'y'], roles: { yhat: 'real', y: 'real' },
    formula: 'abs(yhat - y)', derivative: 'sign(yhat - y)' },
  { id: 'huber', title: 'Huber loss (δ = 1)', category: 'loss', aliases: ['huber', 'smooth_l1'], params: ['yhat', 'y'], roles: { yhat: 'real', y: 'real' },
    formula: 'abs(yhat - y) <= 1 ? 0.5 * (yhat - y)^2 : abs(yhat - y) - 0.5', derivative: 'abs(yhat - y) <= 1 ? yhat - y : sign(yhat - y)' },
  { id: 'binary_cross_entropy', title: 'binary cross-entropy (on probabilities)', category: 'loss', aliases: ['bce', 'binary_cross_entropy', 'log_loss', 'logloss', 'cross_entropy'], params: ['p', 'y'], roles: { p: 'probability', y: 'label' },
    formula: '-(y * log(p) + (1 - y) * log(1 - p))', derivative: '(p - y) / (p * (1 - p))' },
  { id: 'binary_cross_entropy_logits', title: 'binary cross-entropy on logits', category: 'loss', aliases: ['bce_with_logits', 'bcewithlogits', 'sigmoid_cross_entropy', 'binary_cross_entropy'], params: ['z', 'y'], roles: { z: 'real', y: 'label' },
    formula: '-(y * log(1 / (1 + exp(-z))) + (1 - y) * log(1 - 1 / (1 + exp(-z))))', derivative: 'sigmoid(z) - y',
    stable: 'max(z, 0) - y * z + log1p(exp(-abs(z)))' },
  { id: 'categorical_cross_entropy', title: 'categorical cross-entropy / softmax loss (3 classes, on logits)', category: 'loss', aliases: ['cce', 'categorical_cross_entropy', 'softmax_loss', 'cross_entropy'], dims: 3,
    params: ['z_1', 'z_2', 'z_3', 'y_1', 'y_2', 'y_3'], roles: { z_1: 'real', z_2: 'real', z_3: 'real', y_1: 'label', y_2: 'label', y_3: 'label' },
    formula: '-(y_1 * log(exp(z_1) / (exp(z_1) + exp(z_2) + exp(z_3))) + y_2 * log(exp(z_2) / (exp(z_1) + exp(z_2) + exp(z_3))) + y_3 * log(exp(z_3) / (exp(z_1) + exp(z_2) + exp(z_3))))',
    derivative: 's_1 * (y_1 + y_2 + y_3) - y_1', stable: 'logsumexp(z) - Σ y_i z_i (subtract max z before exp)' },
  { id: 'negative_log_likelihood', title: 'negative log-likelihood', category: 'loss', aliases: ['nll', 'negative_log_likelihood'], params: ['p'], roles: { p: 'probability' },
    formula: '-log(p)', derivative: '-1 / p' },
  { id: 'hinge', title: 'hinge loss (±1 labels)', category: 'loss', aliases: ['hinge', 'svm'], params: ['z', 'y'], roles: { z: 'real', y: 'signLabel' },
    formula: 'max(0, 1 - y * z)', derivative: 'y * z < 1 ? -y : 0' },
  { id: 'multiclass_hinge', title: 'multiclass hinge (3 classes, true class 1)', category: 'loss', aliases: ['multiclass_hinge', 'multi_hinge', 'crammer_singer', 'svm'], dims: 3,
    params: ['s_1', 's_2', 's_3'], roles: { s_1: 'real', s_2: 'real', s_3: 'real' },
    formula: 'max(0, 1 + s_2 - s_1) + max(0, 1 + s_3 - s_1)', derivative: '-((1 + s_2 - s_1 > 0 ? 1 : 0) + (1 + s_3 - s_1 > 0 ? 1 : 0))' },
  { id: 'logistic_loss', title: 'logistic loss (±1 labels)', category: 'loss', aliases: ['logistic_loss', 'logistic'], params: ['z', 'y'], roles: { z: 'real', y: 'signLabel' },
    formula: 'log(1 + exp(-y * z))', derivative: '-y * sigmoid(-y * z)', stable: 'softplus(-y z) = max(-y z, 0) + log1p(exp(-abs(y z)))' },
  { id: 'kl_divergence', title: 'KL divergence KL(p ‖ q) (3 outcomes)', category: 'loss', aliases: ['kl', 'kl_divergence', 'kld', 'relative_entropy'], dims: 3,
    params: ['q_1', 'q_2', 'q_3', 'p_1', 'p_2', 'p_3'], roles: { q_1: 'probability', q_2: 'probability', q_3: 'probability', p_1: 'probability', p_2: 'probability', p_3: 'probability' },
    formula: 'p_1 * log(p_1 / q_1) + p_2 * log(p_2 / q_2) + p_3 * log(p_3 / q_3)', derivative: '-p_1 / q_1' },
];

/** Writes for the derivative texts that use s_i (softmax outputs), expanded into formulas. */
export const SOFTMAX_OUTPUT: Readonly<Record<string, string>> = {
  s_1: 'exp(z_1) / (exp(z_1) + exp(z_2) + exp(z_3))',
};

export function entryById(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}

/** Entries a name may refer to (σ, sig, ReLU, softplus…), by alias, case-insensitively. */
export function entriesByAlias(name: string): CatalogEntry[] {
  const n = name.toLowerCase().replace(/[\s-]/g, '_');
  return CATALOG.filter((e) => e.aliases.includes(n) || e.id === n);
}
