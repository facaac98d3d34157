{{/* Full name of the release's objects, at most 63 characters. */}}
{{- define "sluice.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: sluice-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sluice.labels" -}}
{{ include "sluice.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "sluice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sluice.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The operator's configuration file (JSON, section "Sluice"). */}}
{{- define "sluice.config" -}}
{{- $engineTag := default .Chart.AppVersion .Values.engine.image.tag -}}
{{- $config := dict
  "EngineImage" (printf "%s:%s" .Values.engine.image.repository $engineTag)
  "ModelCache" (dict
    "Enabled" .Values.modelCache.enabled
    "ClaimName" .Values.modelCache.claimName
    "StorageClassName" .Values.modelCache.storageClassName
    "Size" .Values.modelCache.size
    "AccessMode" .Values.modelCache.accessMode
    "MaxBytes" (int64 .Values.modelCache.maxBytes)
    "EvictMinIdleSeconds" .Values.modelCache.evictMinIdleSeconds
    "AssumedLoadBytesPerSecond" .Values.modelCache.assumedLoadBytesPerSecond
    "StartupMarginSeconds" .Values.modelCache.startupMarginSeconds)
  "Namespaces" .Values.watchNamespaces
  "GpuCatalog" .Values.gpuCatalog
  "ClusterDomain" .Values.clusterDomain
  "HttpPort" .Values.httpPort
  "Workers" .Values.workers
  "LeaderElection" (dict
    "Enabled" .Values.leaderElection.enabled
    "LeaseName" (include "sluice.fullname" .)
    "LeaseNamespace" .Release.Namespace
    "LeaseDurationSeconds" .Values.leaderElection.leaseDurationSeconds
    "RenewDeadlineSeconds" .Values.leaderElection.renewDeadlineSeconds
    "RetryPeriodSeconds" .Values.leaderElection.retryPeriodSeconds) -}}
{{- dict "Sluice" $config | toPrettyJson -}}
{{- end -}}

{{/* RBAC rules for reconciling LLMDeployments and their children (no wildcards). */}}
{{- define "sluice.rules" -}}
- apiGroups: ["sluice.dev"]
  resources: ["llmdeployments"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["sluice.dev"]
  resources: ["llmdeployments/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "create"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
