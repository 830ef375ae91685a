#!/usr/bin/env bash
# Mutation testing with mutmut (issue 22, item 5; docs/mutation.md). Outside CI.
#
# Mutates the money code (_money, _amounts, _currencies), the statistics (_stats/) and
# the policies (policies/) as [tool.mutmut] in pyproject.toml says; each mutant runs
# only the tests of its concept that reach the mutated function (tests/values,
# tests/stats, tests/policies), in one process (-n 0), without coverage, with the
# hypothesis profile KAM_HYPOTHESIS=mutation (the same fixed draws, 25 a test).
# Then prints the score per module (tools/mutation_score.py).
#
#   tools/mutation.sh                        # every mutant (13,000: many hours on 2 cores)
#   tools/mutation.sh money                  # _money, _amounts, _currencies
#   tools/mutation.sh stats                  # _stats/
#   tools/mutation.sh 'kam_core.policies.segmentation.abc.*'   # any mutmut name pattern
#   tools/mutation.sh score                  # only print the score of what was run
#
# mutmut is not a test dependency: pip install -e ".[mutation]" (in the dev venv).
# Its working copy is mutants/ (git-ignored); a run resumes where the last one stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v mutmut >/dev/null; then
  echo 'mutmut is not installed: pip install -e ".[mutation]"' >&2
  exit 2
fi

patterns=()
for target in "$@"; do
  case "$target" in
    money) patterns+=("kam_core._money.*" "kam_core._amounts.*" "kam_core._currencies.*") ;;
    stats) patterns+=("kam_core._stats.*") ;;
    policies) patterns+=("kam_core.policies.*") ;;
    score) exec python tools/mutation_score.py ;;
    *) patterns+=("$target") ;;
  esac
done

export KAM_HYPOTHESIS=mutation
nice -n 10 mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "${patterns[@]}" || true
python tools/mutation_score.py
