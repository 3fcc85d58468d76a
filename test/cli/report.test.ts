import { describe, expect, it } from 'vitest'
import type { Train } from '../../src/index.js'
import * as _ from '../../src/cli/report.js'

const history: Train.History = [
  {
    epoch: 1,
    step: 3,
    batchLoss: 0.9,
    train: { loss: 0.8, accuracy: 0.5 },
    validation: { loss: 0.85, accuracy: 0.4 },
    learningRate: 0.01
  },
  {
    epoch: 2,
    step: 6,
    batchLoss: 0.1 + 0.2,
    train: { loss: 0.4, accuracy: 0.75 },
    validation: null,
    learningRate: null
  }
]

describe('historyCsv', () => {
  it('writes one line per epoch whose numbers read back exactly, empty where there is none', () => {
    const lines = _.historyCsv(history).trim().split('\n')
    expect(lines).toHaveLength(3)
    const cells = lines[2]!.split(',')
    expect(Number(cells[2])).toBe(0.1 + 0.2)
    expect(cells.slice(5)).toEqual(['', '', ''])
  })
})

describe('reportMarkdown', () => {
  const report = _.reportMarkdown({
    name: 'iris',
    history,
    stopReason: { _tag: 'NoImprovement', patience: 5, bestEpoch: 1 },
    bestEpoch: 1,
    classes: ['setosa', 'versicolor'],
    test: { loss: 0.3, accuracy: 0.75 },
    confusion: [
      [3, 1],
      [0, 0]
    ],
    seconds: 2,
    steps: 6
  })

  it('names why the run stopped and the held-out accuracy', () => {
    expect(report).toContain('did not improve for 5 epochs after epoch 1')
    expect(report).toContain('**accuracy 0.75**')
    expect(report).toContain('Held-out test part (4 samples)')
  })

  it('labels the confusion matrix with the class names and gives precision and recall per class', () => {
    expect(report).toContain('|  | setosa | versicolor |')
    expect(report).toContain('| setosa | 3 | 1 |')
    // setosa: 3 of 3 predicted are right (precision 1), 3 of 4 found (recall 0.75); versicolor never true
    expect(report).toContain('| setosa | 1 | 0.75 | 4 |')
    expect(report).toContain('| versicolor | 0 | – | 0 |')
  })
})
