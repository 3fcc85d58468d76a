#!/usr/bin/env bash
# The package as a user gets it: `npm pack` (whose prepack script builds dist/) makes the
# tarball; it is installed into a fresh ESM project that type-checks a program under strict
# TypeScript with NodeNext resolution, then runs it. The program imports all three entry points
# (gradfold, gradfold/laws, gradfold/node), trains on a bundled data set, saves the model, and
# loads it in a second process. Offline: npm installs the tarball from its cache (filled by
# `npm ci`); when the cache cannot serve it, the dependencies are linked from this repository's
# node_modules instead.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
tar tzf "$tarball" >"$work/files"
echo "packed $(basename "$tarball"): $(wc -l <"$work/files") files"
# The JavaScript is esbuild's bundles (dist/bundle), the types tsc's declarations.
for entry in dist/bundle/index.js dist/bundle/advanced.js dist/bundle/node.js dist/bundle/laws.js dist/bundle/cli.js \
  dist/bundle/shardWorker.js dist/bundle/sweepJob.js dist/src/index.d.ts dist/src/node/index.d.ts dist/laws/index.d.ts; do
  grep -qx "package/$entry" "$work/files" || { echo "the tarball lacks $entry"; exit 1; }
done
if grep -q '^package/dist/\(src\|laws\)/.*\.js$' "$work/files"; then echo "the tarball ships tsc's JavaScript beside the bundles"; exit 1; fi

app="$work/app"
mkdir -p "$app/src"
cp .ci/pack/main.ts .ci/pack/predict.ts "$app/src/"
cat >"$app/package.json" <<'JSON'
{ "name": "gradfold-user", "private": true, "type": "module" }
JSON
cat >"$app/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "exactOptionalPropertyTypes": true,
    "skipLibCheck": false,
    "outDir": "dist",
    "rootDir": "src"
  },
  "include": ["src"]
}
JSON

if ! (cd "$app" && npm install --offline --no-audit --no-fund --silent "$tarball" fast-check@4 @types/node@20 >/dev/null 2>&1); then
  echo "npm cannot install offline from its cache here; linking the dependencies from the repository"
  rm -rf "$app/node_modules" "$app/package-lock.json"
  mkdir -p "$app/node_modules/gradfold" "$app/node_modules/@types"
  tar xzf "$tarball" -C "$app/node_modules/gradfold" --strip-components=1
  for dep in $(node -e "const p = require('$repo/package.json'); console.log(Object.keys(p.dependencies).join(' '))") fast-check; do
    ln -s "$repo/node_modules/$dep" "$app/node_modules/$dep"
  done
  ln -s "$repo/node_modules/@types/node" "$app/node_modules/@types/node"
fi

(cd "$app" && "$repo/node_modules/.bin/tsc" -p tsconfig.json && node dist/main.js)

# Every entry imports, and the installed command runs from its bundle: its help, a training on
# two worker threads and a sweep of two jobs on two threads (whose modules the bundle loads by path).
(cd "$app" && node --input-type=module -e "
  for (const e of ['gradfold', 'gradfold/advanced', 'gradfold/node', 'gradfold/laws', 'gradfold/data/digits', 'gradfold/data/penguins']) await import(e)
")
bin="$app/node_modules/gradfold/bin/gradfold.js"
help=$(node "$bin" --help)
[[ "$help" == "Usage: gradfold"* ]] || { echo "gradfold --help printed no usage: $help"; exit 1; }
node "$bin" init xor >"$work/xor.json"
node "$bin" train "$work/xor.json" --out "$work/xor-run" --threads 2 --quiet
cat >"$work/sweep.json" <<'JSON'
{ "name": "pack", "seed": 1, "metric": "train.loss", "base": "xor.json", "search": { "kind": "grid", "fields": { "seed": [0, 1] } } }
JSON
node "$bin" sweep "$work/sweep.json" --out "$work/sweep" --threads 2 >/dev/null
echo "the installed command trained on two worker threads and swept two jobs on two threads"

# BullMQ and ioredis are optional peers: a project that does not ask for them does not get them.
for peer in bullmq ioredis; do
  if [ -e "$app/node_modules/$peer" ]; then echo "installing the tarball installed $peer, an optional peer"; exit 1; fi
done
echo "no bullmq, no ioredis: the optional peers stay out until asked for"
# …and the packed manifest says so, whichever way npm installed it here.
tar xzf "$tarball" -O package/package.json | node -e "
  const p = JSON.parse(require('fs').readFileSync(0, 'utf8'))
  for (const peer of ['bullmq', 'ioredis'])
    if (p.dependencies?.[peer] !== undefined || p.peerDependenciesMeta?.[peer]?.optional !== true)
      { console.error(peer + ' is not an optional peer dependency of the packed package'); process.exit(1) }
"
