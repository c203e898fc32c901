{{/* Chart name, overridable. */}}
{{- define "freshet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: <release>-freshet, or the release name when it already says freshet. */}}
{{- define "freshet.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "freshet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The services, by values key, with their component (module) names. */}}
{{- define "freshet.components" -}}
tracker: subscription-tracker
processor: queue-processor
checker: staleness-checker
admin: registry-admin
{{- end }}

{{/* Component name of a values key: include "freshet.component" (dict "key" "tracker") */}}
{{- define "freshet.component" -}}
{{- index (include "freshet.components" . | fromYaml) .key }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "freshet.labels" -}}
helm.sh/chart: {{ include "freshet.chart" . }}
{{ include "freshet.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: freshet
{{- end }}

{{- define "freshet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "freshet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component: include "freshet.componentLabels" (dict "root" $ "component" "queue-processor") */}}
{{- define "freshet.componentLabels" -}}
{{ include "freshet.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "freshet.componentSelectorLabels" -}}
{{ include "freshet.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Full image reference: include "freshet.image" (dict "root" $ "image" .Values.tracker.image) */}}
{{- define "freshet.image" -}}
{{- $repo := required "image.repository is required for every service" .image.repository }}
{{- $tag := default .root.Chart.AppVersion .image.tag }}
{{- if .root.Values.image.registry }}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) $repo $tag }}
{{- else }}
{{- printf "%s:%s" $repo $tag }}
{{- end }}
{{- end }}

{{/* Environment variable name part of a provider: fmp -> FMP. */}}
{{- define "freshet.providerEnv" -}}
{{- if not (regexMatch "^[a-z][a-z0-9]*$" .) }}
{{- fail (printf "provider name %q: use lower-case letters and digits only" .) }}
{{- end }}
{{- upper . }}
{{- end }}

{{/*
Database credentials from a Secret as <var>_USER and <var>_PASSWORD:
include "freshet.dbCredentials" (dict "root" $ "secret" "name" "var" "FRESHET_DB")
*/}}
{{- define "freshet.dbCredentials" -}}
- name: {{ .var }}_USER
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .root.Values.database.userKey }}
- name: {{ .var }}_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .root.Values.database.passwordKey }}
{{- end }}

{{/*
Environment every Freshet container gets from Secrets (database URL, provider API keys) and the pod; the
database credentials come from freshet.dbCredentials. Secrets only ever appear as secretKeyRef.
*/}}
{{- define "freshet.secretEnv" -}}
{{- $v := .Values }}
{{- if $v.database.urlSecret.name }}
- name: FRESHET_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ $v.database.urlSecret.name }}
      key: {{ $v.database.urlSecret.key }}
{{- end }}
{{- range $name, $p := $v.providers }}
{{- if and $p $p.apiKeySecret $p.apiKeySecret.name }}
- name: FRESHET_PROVIDER_{{ include "freshet.providerEnv" $name }}_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $p.apiKeySecret.name }}
      key: {{ $p.apiKeySecret.key }}
{{- end }}
{{- end }}
{{- end }}

{{/* Non-secret environment shared by every service: the ConfigMap's data, also inlined into the hook Job. */}}
{{- define "freshet.sharedConfig" -}}
{{- $v := .Values }}
{{- if not $v.database.urlSecret.name }}
FRESHET_DB_URL: {{ required "database.url is required (postgresql://host:port/database)" $v.database.url | quote }}
{{- end }}
FRESHET_DB_POOL_SIZE: {{ $v.database.poolSize | quote }}
{{- range $name, $p := $v.providers }}
{{- if and $p $p.baseUrl }}
FRESHET_PROVIDERS_{{ include "freshet.providerEnv" $name }}_BASE_URL: {{ $p.baseUrl | quote }}
{{- end }}
{{- end }}
{{- if $v.javaToolOptions }}
JAVA_TOOL_OPTIONS: {{ $v.javaToolOptions | quote }}
{{- end }}
{{- range $k, $val := $v.config }}
{{ $k }}: {{ $val | toString | quote }}
{{- end }}
{{- end }}

{{/*
Pod-level settings shared by the Deployments and the hook Jobs: include "freshet.podCommon" (dict "root" $ "svc" $svc),
where svc holds a service's own overrides (an empty dict for the Jobs).
*/}}
{{- define "freshet.podCommon" -}}
{{- $v := .root.Values }}
serviceAccountName: {{ include "freshet.serviceAccountName" .root }}
automountServiceAccountToken: false
{{- with $v.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
securityContext:
  {{- toYaml (mergeOverwrite (deepCopy $v.podSecurityContext) (.svc.podSecurityContext | default dict)) | nindent 2 }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: {{ $v.tmpSizeLimit }}
{{- end }}

{{/* The container security context: the shared one with a service's own over it. */}}
{{- define "freshet.containerSecurityContext" -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.containerSecurityContext) (.svc.containerSecurityContext | default dict)) }}
{{- end }}

{{/* The ServiceAccount every pod runs as: the chart's own, or an existing one named in values. */}}
{{- define "freshet.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "freshet.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The probes of one service (the shared probes with the service's own over them): where each looks (port, path) and
how often, all from values, so the health endpoints can move (another port, other paths) without touching templates.
*/}}
{{- define "freshet.probes" -}}
{{- $p := mergeOverwrite (deepCopy .root.Values.probes) (.svc.probes | default dict) }}
{{- range $name := list "startup" "liveness" "readiness" }}
{{- $probe := index $p $name }}
{{ $name }}Probe:
  httpGet:
    path: {{ $probe.path }}
    port: {{ $p.port }}
  {{- toYaml (omit $probe "path") | nindent 2 }}
{{- end }}
{{- end }}

{{/*
The shutdown of one service: the preStop pause, Quarkus's shutdown timeout and the grace Kubernetes gives, as YAML.
Kubernetes kills the pod at the end of its grace, so that grace must cover the pause and the timeout.
*/}}
{{- define "freshet.shutdown" -}}
{{- $s := mergeOverwrite (deepCopy .root.Values.shutdown) (.svc.shutdown | default dict) }}
{{- $needed := add $s.preStopSleepSeconds $s.timeoutSeconds }}
{{- if lt (int $s.terminationGracePeriodSeconds) (int $needed) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%v) must cover shutdown.preStopSleepSeconds + shutdown.timeoutSeconds (%v)" $s.terminationGracePeriodSeconds $needed) }}
{{- end }}
{{- toYaml $s }}
{{- end }}

{{/*
The Secret holding the client-token key: the one named, else the one the chart creates when tokens are
required; empty when tokens are off.
*/}}
{{- define "freshet.trackerTokensSecret" -}}
{{- if .Values.tracker.tokensSecret.name -}}
{{- .Values.tracker.tokensSecret.name -}}
{{- else if .Values.tracker.tokensRequired -}}
{{- printf "%s-tracker-tokens" (include "freshet.fullname" .) -}}
{{- end -}}
{{- end }}
