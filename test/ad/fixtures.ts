// What the compiled-program tests share.

/** `make()` where the engine refuses to make a function from source (a strict content security policy). */
export const madeWithoutSource = <A>(make: () => A): A => {
  const made = globalThis.Function
  globalThis.Function = function refused(): never {
    throw new EvalError('refused')
  } as unknown as FunctionConstructor
  try {
    return make()
  } finally {
    globalThis.Function = made
  }
}
