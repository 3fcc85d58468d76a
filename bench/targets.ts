// Issue 18's done-when list as `npm run bench` prints it: each ratio the issue sets a bar for,
// on a line that names the target it serves, under the table it comes from, and all of them
// again at the end of the run, so that the integrator reads an idle run against the list. Only
// an idle machine's ratios judge a target; a loaded machine's are indicative.

export interface Target {
  /** The target, in the issue's words, its bar included. */
  readonly target: string
  /** The least ratio it asks for. */
  readonly bar: number
  readonly ratio: number
  /** What the ratio divides by what. */
  readonly of: string
}

const verdict = (t: Target): string => (t.ratio >= t.bar ? 'met' : 'below')

/** The target's line: its name (which says its bar), the ratio and whether it reaches the bar. */
export const targetLine = (t: Target): string =>
  `issue 18 target: ${t.target}: ${t.ratio.toFixed(2)}× [${verdict(t)}] (${t.of})`

/** Prints the target's line and answers the target, for the run's summary. */
export const report = (t: Target): Target => {
  console.log(targetLine(t))
  return t
}

/** The targets of the whole run, one line each. */
export const summary = (targets: ReadonlyArray<Target>, smoke: boolean): void => {
  if (targets.length === 0) return
  console.log(
    `\nIssue 18's targets in this run (${smoke ? 'smoke: the ratios mean nothing' : 'judged only when the machine was idle'}):`
  )
  for (const t of targets) console.log(`  ${verdict(t).padEnd(5)} ${`${t.ratio.toFixed(2)}×`.padStart(7)}  ${t.target}`)
}
