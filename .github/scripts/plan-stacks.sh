#!/usr/bin/env bash
# Offline plan of every stack, for `ec2-access diff --base-dir/--head-dir`.
# usage: plan-stacks.sh <code checkout> <stack-files checkout> <out-dir> <stack>...
# The code checkout's ec2-access (already built) plans the stack files of the other checkout,
# Pulumi.<stack>.yaml and policypack/config/<stack>.json, which are only read, as data: in the
# comment workflow the code is the base branch's and the files are the pull request's.
# Writes <out-dir>/<stack>.json when the plan ran (exit 0, or 1 = mandatory violations: the JSON
# still holds the whole plan), <stack>.error.txt with stderr when it did not (bad config, crash),
# and nothing when the files have no Pulumi.<stack>.yaml (the stack does not exist there).
set -uo pipefail
code=$(cd "$1" && pwd)
files=$(cd "$2" && pwd)
out=$(mkdir -p "$3" && cd "$3" && pwd)
shift 3
for stack in "$@"; do
  if [ ! -f "$files/Pulumi.$stack.yaml" ]; then
    echo "$stack: no Pulumi.$stack.yaml in $files, no plan"
    continue
  fi
  args=(plan --stack "$stack" --config "$files/Pulumi.$stack.yaml" --format json)
  if [ -f "$files/policypack/config/$stack.json" ]; then
    args+=(--policy-config "$files/policypack/config/$stack.json")
  fi
  (cd "$code" && node bin/ec2-access.js "${args[@]}") >"$out/$stack.json.tmp" 2>"$out/$stack.stderr"
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
