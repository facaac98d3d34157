#!/usr/bin/env bash
# CI check of charts/sluice: `helm lint --strict` and `helm template` with the default values and with the
# optional paths (namespaced RBAC, ServiceMonitor, leader election off) switched on; the operator and engine
# monitors render only when enabled with the monitoring.coreos.com/v1 kind served; a bad values file must fail;
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
# Monitors (ServiceMonitor for the operator, ServiceMonitor or PodMonitor for the engine pods) render only when
# enabled AND the cluster serves their kind (--api-versions stands in for the Prometheus Operator's CRDs).
monitor_kinds() { "$helm" template sluice "$chart" -n sluice-system "$@" | grep -E '^kind: (Service|Pod)Monitor$' | sort | tr '\n' ' ' || true; }
expect_monitors() {
  local want=$1; shift
  local got; got=$(monitor_kinds "$@")
  [ "$got" = "$want" ] || { echo "helm template $*: expected monitors [$want], rendered [$got]" >&2; exit 1; }
}
sm=monitoring.coreos.com/v1/ServiceMonitor
pm=monitoring.coreos.com/v1/PodMonitor
expect_monitors "" --api-versions "$sm" --api-versions "$pm"
expect_monitors "" --set metrics.engineMonitor.enabled=true --set metrics.serviceMonitor.enabled=true
expect_monitors "" --set metrics.engineMonitor.enabled=true --set metrics.engineMonitor.kind=PodMonitor --api-versions "$sm"
expect_monitors "kind: ServiceMonitor " --set metrics.engineMonitor.enabled=true --api-versions "$sm"
expect_monitors "kind: ServiceMonitor kind: ServiceMonitor " --set metrics.engineMonitor.enabled=true --set metrics.serviceMonitor.enabled=true --api-versions "$sm"
expect_monitors "kind: PodMonitor " --set metrics.engineMonitor.enabled=true --set metrics.engineMonitor.kind=PodMonitor --api-versions "$pm"
engine_monitor=$("$helm" template sluice "$chart" -n sluice-system --set metrics.engineMonitor.enabled=true --api-versions "$sm" \
  --set 'watchNamespaces={team-a,team-b}' --show-only templates/engine-monitor.yaml)
for want in 'app.kubernetes.io/name: sluice-engine' 'app.kubernetes.io/managed-by: sluice-operator' '- port: metrics' \
    'path: /metrics' '- team-b' '- sluice.dev/llmdeployment'; do
  grep -qF -- "$want" <<<"$engine_monitor" || { echo "the engine ServiceMonitor lacks '$want':" >&2; echo "$engine_monitor" >&2; exit 1; }
done
pod_monitor=$("$helm" template sluice "$chart" -n sluice-system --set metrics.engineMonitor.enabled=true --set metrics.engineMonitor.kind=PodMonitor \
  --api-versions "$pm" --show-only templates/engine-monitor.yaml)
for want in 'podMetricsEndpoints:' '- port: http' 'any: true'; do
  grep -qF -- "$want" <<<"$pod_monitor" || { echo "the engine PodMonitor lacks '$want':" >&2; echo "$pod_monitor" >&2; exit 1; }
done
if "$helm" template sluice "$chart" --set metrics.engineMonitor.kind=Probe >/dev/null 2>&1; then
  echo "values.schema.json accepted metrics.engineMonitor.kind=Probe" >&2; exit 1
fi
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
