import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'
import { mlp } from '../../src/nn/mlp.js'
import { key } from '../../src/random/Key.js'
import { modelFile, encodeModel } from '../../src/train/files/ModelFile.js'
import * as _ from '../../src/node/modelFile.js'
import { built } from '../built.js'
import { getLeft, getRight } from '../either.js'

const dir = mkdtempSync(join(tmpdir(), 'gradfold-model-'))
const net = getRight(mlp({ sizes: [2, 3, 2], activations: ['relu', 'softmax'] }))
const model = getRight(
  pipe(
    key(3),
    E.chainW(net.init),
    E.chainW((params) =>
      modelFile({ net, loss: 'crossEntropy', params, classes: ['cat', 'dog'], metrics: { loss: -0 } })
    )
  )
)

describe('saveModel and loadModel', () => {
  it('write one file atomically and read the same model back', async () => {
    const path = join(dir, 'model.json')
    getRight(await _.saveModel(path)(model)())
    expect(readdirSync(dir)).toEqual(['model.json'])
    const back = getRight(await _.loadModel(path)())
    expect(encodeModel(back)).toBe(encodeModel(model))
    expect(Object.is(back.metadata.metrics['loss'], -0)).toBe(true)
  })

  it('load in a new process with nothing but the file, and predict the same classes', async () => {
    const path = join(dir, 'shared.json')
    getRight(await _.saveModel(path)(model)())
    const script = [
      `import { loadModel } from '${pathToFileURL(built('src/node/modelFile.ts')).href}'`,
      `import { predict, predictClasses } from '${pathToFileURL(built('src/train/files/predict.ts')).href}'`,
      'const m = await loadModel(process.env.MODEL_PATH ?? "")()',
      "if (m._tag === 'Left') throw new Error(m.left.message)",
      'const rows = [[0.5, -1], [2, 3], [-1, 0]]',
      'const p = predict(m.right)(rows)',
      'const c = predictClasses(m.right)(rows)',
      "console.log(JSON.stringify({ p: p._tag === 'Right' ? Array.from(p.right.data) : null, c: c._tag === 'Right' ? c.right : null }))"
    ].join('\n')
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, MODEL_PATH: path },
      encoding: 'utf8'
    })
    const rows = [
      [0.5, -1],
      [2, 3],
      [-1, 0]
    ]
    const { predict, predictClasses } = await import('../../src/train/files/predict.js')
    const here = { p: Array.from(getRight(predict(model)(rows)).data), c: getRight(predictClasses(model)(rows)) }
    expect(JSON.parse(out)).toEqual(here)
  })

  it('answer a DecodeError with the path for a file that is not a model', async () => {
    const path = join(dir, 'bad.json')
    writeFileSync(path, JSON.stringify({ ...JSON.parse(encodeModel(model)), classes: ['cat'] }))
    expect(getLeft(await _.loadModel(path)())).toMatchObject({ _tag: 'DecodeError', path: 'classes' })
    expect(getLeft(await _.loadModel(join(dir, 'none.json'))())).toMatchObject({ _tag: 'IoError' })
  })
})
