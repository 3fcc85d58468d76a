/**
 * The process entry of the `gradfold` command: runs `main` on the arguments and sets the exit
 * code. `bin/gradfold.js` imports the built copy of this file, or this source through tsx.
 *
 * @since 0.2.0
 */
import { main } from './main.js'

process.exitCode = await main(process.argv.slice(2))
