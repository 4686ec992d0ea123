{{- define "ecslogon.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ecslogon.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "ecslogon.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ecslogon.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ecslogon.labels" -}}
{{ include "ecslogon.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "ecslogon.annotations" -}}
{{- with .Values.commonAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "ecslogon.serviceAccountName" -}}
{{- default (include "ecslogon.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/*
What the operator does in the namespaces it watches; why each rule is there is in docs/install.md.
*/}}
{{- define "ecslogon.rules" -}}
# Watch the four kinds and add/remove the LogonUser finalizer (patch); restart requests are an
# annotation patch on EcsInstances. The operator never writes a spec.
- apiGroups: ["ecslogon.io"]
  resources: ["ecsinstances", "keypairs", "logonusers", "passwordresets"]
  verbs: ["get", "list", "watch", "patch", "update"]
# A finished PasswordReset is deleted after its ttlSecondsAfterFinished.
- apiGroups: ["ecslogon.io"]
  resources: ["passwordresets"]
  verbs: ["delete"]
# Status is written through the status subresource only.
- apiGroups: ["ecslogon.io"]
  resources: ["ecsinstances/status", "keypairs/status", "logonusers/status", "passwordresets/status"]
  verbs: ["get", "patch", "update"]
# Needed where OwnerReferencesPermissionEnforcement is on: owned Secrets block their owner's deletion.
- apiGroups: ["ecslogon.io"]
  resources: ["ecsinstances/finalizers", "keypairs/finalizers", "logonusers/finalizers", "passwordresets/finalizers"]
  verbs: ["update"]
# Secrets: generated key pairs and passwords are created and kept up to date; referenced Secrets
# (admin credentials, passwords, passphrases) are read by name. list/watch serve one informer that
# is label-selected (app.kubernetes.io/managed-by=ecs-logon-operator), so only the operator's own
# Secrets are cached; RBAC cannot narrow list by label, the informer does.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# Every change on an instance is announced as an Event on the object that caused it.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}

{{/*
The namespaces the operator acts on, comma-separated for ECSLOGON_WATCH_NAMESPACES; empty only
with watchAllNamespaces. The default is the release namespace: least privilege, since the operator
may read, write and delete Secrets wherever it watches.
*/}}
{{- define "ecslogon.watchedNamespaces" -}}
{{- if .Values.watchAllNamespaces -}}
{{- if .Values.watchNamespaces -}}
{{- fail "set either watchAllNamespaces: true or a watchNamespaces list, not both" -}}
{{- end -}}
{{- else -}}
{{- .Values.watchNamespaces | default (list .Release.Namespace) | join "," -}}
{{- end -}}
{{- end -}}
