/**
 * Laws of checkpoints that describe their run: read with no template in hand, such a checkpoint
 * resumes the run exactly, bit for bit.
 *
 * Law: `fit(config)` for `n + m` epochs equals `fit` for `n`, a checkpoint carrying
 * `encodeRun(architecture)(config)` through JSON, `decodeResumable`, and `fitFrom` with the
 * config and progress it answered (the validation set handed back when the run had one).
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { Dataset } from '../src/data/Dataset.js'
import type { MlpParams } from '../src/nn/mlp.js'
import type { Key } from '../src/random/Key.js'
import { encodeCheckpoint } from '../src/train/files/Checkpoint.js'
import { fit, fitFrom, type FitConfig, type Progress } from '../src/train/loop/fit.js'
import type { Architecture } from '../src/train/files/ModelFile.js'
import { decodeResumable } from '../src/train/files/ResumableCheckpoint.js'
import { encodeRun } from '../src/train/files/RunSpec.js'
import { bitsEqual } from './purity.js'

/**
 * The run of `config` (its `maxEpochs` epochs) equals the run stopped after `n` epochs and
 * resumed from its self-describing checkpoint with nothing else in hand, bit for bit: the final
 * state (parameters, optimizer state, key, counts), the history and the best epoch.
 *
 * @category checkpoints
 * @since 0.2.0
 */
export const resumesWithNoTemplate = <S>(
  architecture: Architecture,
  config: FitConfig<MlpParams, S>,
  n: number,
  params: MlpParams,
  key: Key,
  data: Dataset
): boolean => {
  const whole = fit(config)(params, key, data)
  const resumed = pipe(
    E.Do,
    E.apS('run', encodeRun(architecture)(config)),
    E.apSW('first', fit({ ...config, maxEpochs: n })(params, key, data)),
    E.chainW(({ run, first }) => encodeCheckpoint(params, config.optimizer)({ progress: first, config: null, run })),
    E.chainW(decodeResumable),
    E.chainW((r) =>
      fitFrom({ ...r.config, ...(config.validation === undefined ? {} : { validation: config.validation }) })(
        r.checkpoint.progress,
        data
      )
    )
  )
  return E.isRight(whole) && E.isRight(resumed) && sameEnd(whole.right, resumed.right)
}

/**
 * Two runs end alike, bit for bit: the final state, the history and the best epoch.
 *
 * @category checkpoints
 * @since 0.2.0
 */
export const sameEnd = <P, S>(a: Progress<P, S>, b: Progress<P, S>): boolean =>
  bitsEqual(a.state, b.state) && bitsEqual(a.history, b.history) && bitsEqual(a.best, b.best)
