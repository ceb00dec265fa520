#!/bin/sh
# scripts/eval-diff.sh SET: the misses of one dev set, to compare before and after a change
set -e
SET=${1:-dev}
mkdir -p /tmp/ev
node -e "
const fs=require('fs');const lines=fs.readFileSync('../shared/eval/$SET.jsonl','utf8').trim().split('\n').map(JSON.parse);
fs.writeFileSync('/tmp/ev/$SET.q',lines.map(q=>JSON.stringify({id:q.qid??q.id,question:q.question,session:q.session,asOf:q.as_of??q.asOf})).join('\n')+'\n')"
node bin/policy-guide.js ask --jsonl --as-of 2026-11-23 < /tmp/ev/$SET.q > /tmp/ev/$SET.a
node ../shared/eval/score.mjs ../shared/eval/$SET.jsonl /tmp/ev/$SET.a --verbose | grep -v "^  ok"
