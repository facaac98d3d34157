#!/usr/bin/env bash
# CI check of charts/sluice: `helm lint --strict` and `helm template` with the default values and with the
# optional paths (namespaced RBAC, ServiceMonitor, leader election off) switched on; a bad values file must fail;
# Chart.yaml's version and appVersion are the VERSION file's; the install notes print the example and no URL.
set -euo pipefail
cd "$(dirname "$0")/../.."
helm=$(tools/helm/provision.sh | tail -n1)
chart=charts/sluice
version=$(cat VERSION)
for field in version appVersion; do
  grep -qE "^$field: \"?$version\"?$" "$chart/Chart.yaml" || { echo "Chart.yaml $field is not the VERSION file's $version" >&2; exit 1; }
done
cmp -s examples/dummy-tiny.yaml "$chart/examples/dummy-tiny.yaml" \
  || { echo "$chart/examples/dummy-tiny.yaml (printed by the install notes) differs from examples/dummy-tiny.yaml" >&2; exit 1; }
"$helm" lint "$chart" --strict
"$helm" template sluice "$chart" -n sluice-system >/dev/null
"$helm" template sluice "$chart" -n sluice-system --set 'watchNamespaces={team-a,team-b}' \
  --set metrics.serviceMonitor.enabled=true --set leaderElection.enabled=false >/dev/null
if "$helm" template sluice "$chart" --set replicaCount=0 >/dev/null 2>&1; then
  echo "values.schema.json accepted replicaCount=0" >&2; exit 1
fi
rendered=$("$helm" template sluice "$chart" -n sluice-system)
if grep -nE '^\s*-?\s*(verbs|resources|apiGroups): \[?"?\*' <<<"$rendered"; then
  echo "the chart's RBAC uses a wildcard" >&2; exit 1
fi
notes=$("$helm" install sluice "$chart" -n sluice-system --dry-run=client 2>/dev/null | sed -n '/^NOTES:/,$p')
grep -q "name: tiny" <<<"$notes" || { echo "the install notes do not print the example manifest" >&2; exit 1; }
if grep -nE 'https?://' <<<"$notes"; then echo "the install notes point outside this repository" >&2; exit 1; fi
echo "helm chart checks passed"
