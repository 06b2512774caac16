#!/usr/bin/env bash
# make models: retrains the tagger and the parser from UD English EWT
# (train part only; dev for the per-iteration scores) into models/.
# About a minute for the tagger and seven for the parser on one core.
# Training is deterministic: the same data and code give the same bytes.
set -eu
cd "$(dirname "$0")/.."
ud=${DATELINE_DATA:-../shared}/data/ud/EWT
if [ ! -f "$ud/en_ewt-ud-train.conllu" ]; then
  echo "dateline: no UD EWT at $ud (set DATELINE_DATA)" >&2
  exit 2
fi
build/dateline train tagger --train "$ud/en_ewt-ud-train.conllu" \
  --dev "$ud/en_ewt-ud-dev.conllu" --out models/tagger.dlm
build/dateline train parser --train "$ud/en_ewt-ud-train.conllu" \
  --dev "$ud/en_ewt-ud-dev.conllu" --tagger models/tagger.dlm --iters 12 \
  --out models/parser.dlm
build/dateline eval ud "$ud/en_ewt-ud-test.conllu" | tail -1
