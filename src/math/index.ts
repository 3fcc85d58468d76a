/**
 * Elementary functions with the same bits on every JavaScript engine: exp, log, log1p, expm1,
 * log2, tanh, pow and cos(π t), each a fixed sequence of IEEE 754 operations (`+ − × ÷`, exact bit
 * manipulation), each within one ulp of the true value. ECMAScript does not fix `Math.exp` and
 * its kin to the bit, and V8, JavaScriptCore and SpiderMonkey round some arguments differently;
 * gradfold computes with these instead, so that a key gives the same training run everywhere.
 *
 * @since 0.3.0
 */
export { cosPi } from './cosPi.js'
export { exp } from './exp.js'
export { expm1 } from './expm1.js'
export { log } from './log.js'
export { log1p } from './log1p.js'
export { log2 } from './log2.js'
export { pow } from './pow.js'
export { tanh } from './tanh.js'
