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
for entry in dist/src/index.js dist/src/index.d.ts dist/src/node/index.js dist/laws/index.js; do
  grep -qx "package/$entry" "$work/files" || { echo "the tarball lacks $entry"; exit 1; }
done

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
