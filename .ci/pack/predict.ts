// The second process: the model file's path is all it has.
import * as E from 'fp-ts/lib/Either.js'
import { Train } from 'gradfold'
import * as Node from 'gradfold/node'

const model = await Node.loadModel(process.argv[2] ?? '')()
if (E.isLeft(model)) throw new Error(model.left.message)
// one raw flower of each species, unstandardised, in centimetres
const classes = Train.predictClasses(model.right)([
  [5.1, 3.5, 1.4, 0.2],
  [6.4, 3.2, 4.5, 1.5],
  [7.7, 3.0, 6.1, 2.3]
])
if (E.isLeft(classes)) throw new Error(classes.left.message)
console.log(classes.right.join(','))
