// After `npm run docs`: the API reference's search index holds every guide page, and a reader's
// words for each ("early stopping", "huber", "save a model", …) find the page that answers them.
// Exits 1, naming what is missing, otherwise.
import { readFileSync } from 'node:fs'
import { gunzipSync, inflateSync } from 'node:zlib'

const text = readFileSync('docs/api/assets/search.js', 'utf8')
const packed = Buffer.from(/"([A-Za-z0-9+/=]{100,})"/.exec(text)[1], 'base64')
const unpacked = (() => {
  try {
    return gunzipSync(packed)
  } catch {
    return inflateSync(packed)
  }
})()
const { rows, index } = JSON.parse(unpacked.toString())
// lunr's serialised index: the inverted index lists, for each term, the rows it occurs in
const postings = new Map(index.invertedIndex.map(([term, fields]) => [term, fields]))
const pageOf = (name) =>
  rows.findIndex((r) => r.name === name && typeof r.url === 'string' && r.url.startsWith('documents/'))
const finds = (word, page) =>
  Object.values(postings.get(word) ?? {}).some((field) => typeof field === 'object' && String(page) in field)

const wanted = {
  'Train from a CSV': ['train', 'csv', 'label'],
  'Early stopping': ['early', 'stopping', 'patience'],
  'Save and load a model': ['save', 'load', 'model'],
  'Predict raw rows': ['predict', 'raw', 'rows'],
  'A custom loss': ['custom', 'loss', 'huber'],
  'A custom model': ['custom', 'model'],
  'A custom op': ['custom', 'op', 'pullback'],
  Resume: ['resume', 'checkpoint', 'interrupted'],
  Threads: ['threads', 'shards'],
  Sweeps: ['sweep', 'redis', 'grid'],
  'Explain a step': ['explain', 'step', 'backpropagation']
}
const missing = Object.entries(wanted).flatMap(([name, words]) => {
  const page = pageOf(name)
  if (page < 0) return [`no guide page "${name}" in the search index`]
  return words.filter((w) => !finds(w, page)).map((w) => `"${w}" does not find the guide page "${name}"`)
})
if (missing.length > 0) {
  console.error(missing.join('\n'))
  process.exit(1)
}
console.log(`the docs' search finds all ${Object.keys(wanted).length} guide pages by their words`)
