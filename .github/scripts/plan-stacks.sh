#!/usr/bin/env bash
# Offline plan of every stack of one checkout, for `ec2-access diff --base-dir/--head-dir`.
# usage: plan-stacks.sh <checkout> <out-dir> <stack>...
# Writes <out-dir>/<stack>.json when the plan ran (exit 0, or 1 = mandatory violations: the JSON
# still holds the whole plan), <stack>.error.txt with stderr when it did not (bad config, crash),
# and nothing when the checkout has no Pulumi.<stack>.yaml (the stack does not exist there).
set -uo pipefail
checkout=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
shift 2
for stack in "$@"; do
  if [ ! -f "$checkout/Pulumi.$stack.yaml" ]; then
    echo "$stack: no Pulumi.$stack.yaml in $checkout, no plan"
    continue
  fi
  (cd "$checkout" && node bin/ec2-access.js plan --stack "$stack" --format json) >"$out/$stack.json.tmp" 2>"$out/$stack.stderr"
  rc=$?
  if [ "$rc" -le 1 ] && [ -s "$out/$stack.json.tmp" ]; then
    mv "$out/$stack.json.tmp" "$out/$stack.json"
    rm -f "$out/$stack.stderr"
  else
    { echo "ec2-access plan --stack $stack exited $rc"; cat "$out/$stack.stderr"; } >"$out/$stack.error.txt"
    rm -f "$out/$stack.json.tmp" "$out/$stack.stderr"
  fi
  echo "$stack: exit $rc"
done
