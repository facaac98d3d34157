#!/usr/bin/env bash
# CI check of charts/sluice: `helm lint --strict` and `helm template` with the default values and with the
# optional paths (namespaced RBAC, ServiceMonitor, leader election off) switched on; a bad values file must fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
helm=$(tools/helm/provision.sh | tail -n1)
chart=charts/sluice
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
echo "helm chart checks passed"
