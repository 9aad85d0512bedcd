{{- define "nfjo.name" -}}
{{- .Values.nameOverride | default .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release name when it already names the chart, as with deploy/'s fixed names. */}}
{{- define "nfjo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "nfjo.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "nfjo.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "nfjo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "nfjo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: northflank-job-operator
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Immutable once installed: never add the version or the chart here. */}}
{{- define "nfjo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nfjo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "nfjo.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* What the operator does in each watched namespace (deploy/cluster-role.yaml explains each). */}}
{{- define "nfjo.namespacedRules" -}}
- apiGroups: ["northflank.com"]
  resources: ["northflankjobs"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["northflank.com"]
  resources: ["northflankjobs/status"]
  verbs: ["patch"]
# metadata only: the finalizer and the create-pending annotation
- apiGroups: ["northflank.com"]
  resources: ["northflankjobs"]
  verbs: ["patch"]
# only Secrets labelled northflank.com/credentials=true are ever listed
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list", "watch"]
# the runtime-environment Secret of a job to create, read by name once
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* The one Lease, in the release namespace (deploy/leader-election/role.yaml explains each). */}}
{{- define "nfjo.leaseRules" -}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["create"]
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  resourceNames: [{{ .Values.leaderElection.leaseName | quote }}]
  verbs: ["get", "update", "patch"]
{{- end }}
