#!/bin/sh
# Writes prometheusrule.yaml: the rules of alerts/driftwarden.rules.yml, unchanged, as a PrometheusRule for the
# Prometheus Operator. A test fails when the two disagree: run this after editing the rules.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
{
  printf '# Generated from alerts/driftwarden.rules.yml by generate-prometheusrule.sh: do not edit by hand.\n'
  printf 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: driftwarden\n  namespace: driftwarden\n'
  printf 'spec:\n'
  grep -v '^#' "$here/../../alerts/driftwarden.rules.yml" | sed 's/^/  /'
} > "$here/prometheusrule.yaml"
