// Why a class fails, said with the numbers of the moment (diagnosis.ts): each class's hidden
// code (h1, h2), the units' σ′ on its samples, and the size of the gradient below and above
// the hidden layer.
import { pct } from './dataView.js'
import type { Diagnosis } from './diagnosis.js'

const two = (x: number): string => x.toFixed(2)

/** What the numbers say about each class the network gets wrong, in sentences. */
const reasons = (d: Diagnosis, classAccuracy: ReadonlyArray<number>): ReadonlyArray<string> => {
  const [h1, h2] = [d.units[0]!, d.units[1]!]
  const code = (c: number): readonly [number, number] => [h1.byClass[c]!.a, h2.byClass[c]!.a]
  return classAccuracy.flatMap((a, c) => {
    if (a >= 1) return []
    const [a1, a2] = code(c)
    const others = [0, 1, 2].filter((o) => o !== c)
    const near = others.find((o) => Math.hypot(code(o)[0] - a1, code(o)[1] - a2) < 0.3)
    const what =
      a1 < 0.15 && a2 < 0.15
        ? `both hidden units are off for class ${c + 1} (h1 ≈ ${two(a1)}, h2 ≈ ${two(a2)}): every output is then near σ(0) = ½, whatever w7…w12 are, so the outputs cannot single it out`
        : near !== undefined
          ? `class ${c + 1} gets almost the same hidden code (h1, h2) ≈ (${two(a1)}, ${two(a2)}) as class ${near + 1} (${two(code(near)[0])}, ${two(code(near)[1])}): the outputs cannot tell them apart`
          : `class ${c + 1}'s hidden code is (h1, h2) ≈ (${two(a1)}, ${two(a2)})`
    const s1 = h1.byClass[c]!.sigmaPrime
    const s2 = h2.byClass[c]!.sigmaPrime
    return [
      `Class ${c + 1} (${pct(a)} right): ${what}. On its samples σ′(h1) ≈ ${s1.toFixed(3)} and σ′(h2) ≈ ${s2.toFixed(3)} (at most 0.25): every gradient that reaches w1…w6 from these samples is multiplied by them on the way back, so the hidden units move ${Math.max(s1, s2) < 0.05 ? 'very slowly' : 'slowly'} towards a code of class ${c + 1}'s own.`
    ]
  })
}

/** The diagnosis: the sentences, and each unit's mean activation and σ′ on each class. */
export const whyView = (d: Diagnosis, classAccuracy: ReadonlyArray<number>): string => {
  const said = reasons(d, classAccuracy)
  return [
    said.length === 0
      ? `<p>Every class is classified right.</p>`
      : said.map((s) => `<p class="reason">${s}</p>`).join(''),
    `<p>Size of the gradient of the loss on all 30 samples: ‖∂L/∂(w1…w6)‖ = ${d.hiddenGradient.toExponential(2)}, ‖∂L/∂(w7…w12)‖ = ${d.outputGradient.toExponential(2)}.</p>`,
    `<table class="units"><thead><tr><th>unit</th><th>mean σ′, all</th>${[1, 2, 3].map((c) => `<th>class ${c}: a, σ′</th>`).join('')}</tr></thead><tbody>`,
    ...d.units.map(
      (u) =>
        `<tr><th scope="row">${u.name}</th><td>${u.sigmaPrime.toFixed(3)}</td>${u.byClass.map((b) => `<td${b.sigmaPrime < 0.05 ? ' class="low"' : ''}>${two(b.a)}, ${b.sigmaPrime.toFixed(3)}</td>`).join('')}</tr>`
    ),
    `</tbody></table>`
  ].join('')
}
