#!/bin/sh
# Writes prometheusrule.yaml: the rules of alerts/driftwarden.rules.yml, unchanged, as a PrometheusRule for the
# Prometheus Operator. A test fails when the two disagree: run this after editing the rules.
# --label KEY=VALUE: the label your Prometheus's ruleSelector matches (default release=prometheus).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
label=release=prometheus
if [ "${1:-}" = --label ] && [ -n "${2:-}" ]; then label=$2; fi
case $label in *=*) ;; *) echo "generate-prometheusrule.sh: --label KEY=VALUE" >&2; exit 2 ;; esac
key=${label%%=*}
value=${label#*=}
{
  printf '# Generated from alerts/driftwarden.rules.yml by generate-prometheusrule.sh: do not edit by hand.\n'
  printf 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: driftwarden\n  namespace: driftwarden\n'
  printf '  labels:\n    %s: "%s"\n' "$key" "$value"
  printf 'spec:\n'
  grep -v '^#' "$here/../../alerts/driftwarden.rules.yml" | sed 's/^/  /'
} > "$here/prometheusrule.yaml"
