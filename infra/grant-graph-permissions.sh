#!/usr/bin/env bash
# Grants Lockdown's Graph identity (in Azure, the user-assigned managed identity's service
# principal) the least-privileged Microsoft Graph application permissions for the steps it runs,
# and says which Entra roles it also needs. Idempotent: permissions already granted are skipped.
# The permission table is README.md, "Microsoft Graph permissions and Entra roles".
set -euo pipefail

GRAPH_APP_ID=00000003-0000-0000-c000-000000000000
DEFAULT_PIPELINE_STEPS=disable-account,revoke-sessions,disable-devices
DEFAULT_AUTO_REVOKE_STEPS=revoke-sessions,disable-devices
# Built-in Entra role template ids (the same in every tenant).
ROLE_PRIVILEGED_AUTH_ADMIN=7be44c8a-adaf-4e2a-84d6-ab2649e08a13
ROLE_USER_ADMIN=fe930be7-5e62-47db-91af-98c3a49a38b1
GUID_RE='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

usage() {
  cat <<'EOF'
Usage: infra/grant-graph-permissions.sh [options]

Grants Lockdown's Graph identity the Microsoft Graph application permissions its steps need,
skipping those already granted, and prints the Entra roles it also needs. Run it after
`atk provision` (az login as a Privileged Role Administrator or Global Administrator).

Who gets the permissions (first found wins):
  --principal-id ID   object id of the identity's service principal
  --client-id ID      client (app) id; its service principal is looked up
  --env-file FILE     a toolkit env file, e.g. env/.env.dev: IDENTITY_PRINCIPAL_ID (written by
                      provision), and PIPELINE_STEPS, AUTO_REVOKE_STEPS, WATCH_MODE,
                      ALLOW_PRIVILEGED_TARGETS, GRAPH_ENDPOINT
  IDENTITY_PRINCIPAL_ID in the environment

Which permissions:
  --steps LIST        steps to grant for, comma-separated (disable-account, revoke-sessions,
                      disable-devices, reset-password); default: PIPELINE_STEPS and (unless
                      WATCH_MODE is off) AUTO_REVOKE_STEPS from --env-file or the environment,
                      or Lockdown's defaults
  --who-disabled      also AuditLog.Read.All + Directory.Read.All, so watcher cards name who
                      disabled an account (optional; without them the card says "not known")
  Always: User.Read.All, GroupMember.Read.All, RoleManagement.Read.Directory.

  --dry-run           show what would be granted; change nothing
  -h, --help          this text
EOF
}

die() {
  echo "grant-graph-permissions: $*" >&2
  exit 2
}

# The value of KEY in a dotenv file (last one wins), without quotes or a trailing CR.
env_file_value() {
  local file=$1 key=$2 line value=''
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case $line in
      "$key="*) value=${line#"$key="} ;;
    esac
  done <"$file"
  value=${value#\"}
  value=${value%\"}
  printf '%s' "$value"
}

# A setting from --env-file, else the environment, else empty.
setting() {
  local key=$1 value=''
  if [ -n "$env_file" ]; then value=$(env_file_value "$env_file" "$key"); fi
  if [ -z "$value" ]; then value=${!key:-}; fi
  printf '%s' "$value"
}

permissions_for_step() {
  case $1 in
    disable-account) echo User.EnableDisableAccount.All ;;
    revoke-sessions) echo User.RevokeSessions.All ;;
    disable-devices) echo Device.ReadWrite.All ;;
    reset-password) echo User-PasswordProfile.ReadWrite.All ;;
    snapshot | verify) ;; # always run; User.Read.All covers them
    *) die "unknown step '$1' (expected disable-account, revoke-sessions, disable-devices or reset-password)" ;;
  esac
}

principal_id=''
client_id=''
steps=''
env_file=''
who_disabled=false
dry_run=false
while [ $# -gt 0 ]; do
  case $1 in
    --principal-id) principal_id=${2:-} && shift ;;
    --client-id) client_id=${2:-} && shift ;;
    --steps) steps=${2:-} && shift ;;
    --env-file) env_file=${2:-} && shift ;;
    --who-disabled) who_disabled=true ;;
    --dry-run) dry_run=true ;;
    -h | --help) usage && exit 0 ;;
    *) usage >&2 && die "unknown option '$1'" ;;
  esac
  shift
done

if [ -n "$env_file" ] && [ ! -f "$env_file" ]; then die "no such env file: $env_file"; fi
command -v az >/dev/null 2>&1 || die 'the Azure CLI (az) is not on PATH'

if [ -z "$principal_id" ] && [ -n "$client_id" ]; then
  [[ $client_id =~ $GUID_RE ]] || die "--client-id must be a GUID (got '$client_id')"
  principal_id=$(az ad sp show --id "$client_id" --query id -o tsv | tr -d '\r')
fi
if [ -z "$principal_id" ]; then principal_id=$(setting IDENTITY_PRINCIPAL_ID); fi
[ -n "$principal_id" ] || die 'no identity: give --principal-id, --client-id or --env-file (see --help)'
# It goes into a URL: a GUID and nothing else.
[[ $principal_id =~ $GUID_RE ]] || die "the principal id must be a GUID (got '$principal_id')"

if [ -z "$steps" ]; then
  pipeline=$(setting PIPELINE_STEPS)
  steps=${pipeline:-$DEFAULT_PIPELINE_STEPS}
  # With the watcher off, the automatic steps never run.
  if [ "$(setting WATCH_MODE | tr '[:upper:]' '[:lower:]')" != off ]; then
    auto=$(setting AUTO_REVOKE_STEPS)
    steps="$steps,${auto:-$DEFAULT_AUTO_REVOKE_STEPS}"
  fi
fi
graph_endpoint=$(setting GRAPH_ENDPOINT)
graph_endpoint=${graph_endpoint:-https://graph.microsoft.com}
graph_endpoint=${graph_endpoint%/}
allow_privileged=$(setting ALLOW_PRIVILEGED_TARGETS)

# The permissions wanted, in a stable order, each once. (Plain loops and strings: macOS ships
# bash 3.2, which has no mapfile and trips over empty arrays under `set -u`.)
wanted=' User.Read.All GroupMember.Read.All RoleManagement.Read.Directory '
enabled_steps=' '
want() {
  case $wanted in *" $1 "*) ;; *) wanted="$wanted$1 " ;; esac
}
IFS=',' read -r -a step_list <<<"$steps"
for step in "${step_list[@]}"; do
  step=$(printf '%s' "$step" | tr -d '[:space:]' | tr '[:upper:]' '[:lower:]')
  [ -n "$step" ] || continue
  permission=$(permissions_for_step "$step")
  case $enabled_steps in *" $step "*) ;; *) enabled_steps="$enabled_steps$step " ;; esac
  if [ -n "$permission" ]; then want "$permission"; fi
done
if $who_disabled; then
  want AuditLog.Read.All
  want Directory.Read.All
fi

has_step() {
  case $enabled_steps in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

graph_sp=$(az ad sp show --id "$GRAPH_APP_ID" --query id -o tsv | tr -d '\r')
[[ $graph_sp =~ $GUID_RE ]] || die "could not find Microsoft Graph's service principal (got '$graph_sp')"
# "<permission>\t<app role id>" per line: Graph's application permissions, looked up by name.
graph_roles=$(az ad sp show --id "$GRAPH_APP_ID" \
  --query "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]" -o tsv)
granted=$(az rest --method GET \
  --url "$graph_endpoint/v1.0/servicePrincipals/$principal_id/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" -o tsv)

steps_shown=$(printf '%s' "$enabled_steps" | sed -e 's/^ *//' -e 's/ *$//' -e 's/ /,/g')
echo "Microsoft Graph application permissions for $principal_id (steps: ${steps_shown:-none}):"
for permission in $wanted; do
  role_id=$(printf '%s\n' "$graph_roles" | awk -F '\t' -v p="$permission" '$1 == p { print $2; exit }')
  role_id=${role_id%$'\r'}
  [ -n "$role_id" ] || die "Microsoft Graph has no application permission named $permission"
  if printf '%s\n' "$granted" | tr -d '\r' | grep -qix "$role_id"; then
    echo "  = $permission ($role_id): already granted"
  elif $dry_run; then
    echo "  + $permission ($role_id): would grant (dry run)"
  else
    az rest --method POST \
      --url "$graph_endpoint/v1.0/servicePrincipals/$principal_id/appRoleAssignments" \
      --headers 'Content-Type=application/json' \
      --body "{\"principalId\":\"$principal_id\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}" \
      --output none
    echo "  + $permission ($role_id): granted"
  fi
done

# Least privilege: broader permissions granted earlier make the ones above pointless.
for broad in User.ReadWrite.All Directory.ReadWrite.All; do
  broad_id=$(printf '%s\n' "$graph_roles" | awk -F '\t' -v p="$broad" '$1 == p { print $2; exit }')
  broad_id=${broad_id%$'\r'}
  if [ -n "$broad_id" ] && printf '%s\n' "$granted" | tr -d '\r' | grep -qix "$broad_id"; then
    echo "  ! $broad ($broad_id) is also granted: far broader than Lockdown needs; remove it"
    echo "    unless something else runs as this identity."
  fi
done

assign_role_hint() {
  echo "      az rest --method POST --url $graph_endpoint/v1.0/roleManagement/directory/roleAssignments \\"
  echo "        --body '{\"principalId\":\"$principal_id\",\"roleDefinitionId\":\"$1\",\"directoryScopeId\":\"/\"}'"
}

echo
echo 'Entra roles (Graph permissions alone do not cover these):'
privileged=false
if [ "$(echo "$allow_privileged" | tr '[:upper:]' '[:lower:]')" = true ]; then privileged=true; fi
if has_step disable-account || has_step reset-password; then
  if $privileged; then
    echo '  - Privileged Authentication Administrator: ALLOW_PRIVILEGED_TARGETS is true, and disabling'
    echo '    or resetting an account that holds an admin role needs a role that outranks it:'
    assign_role_hint "$ROLE_PRIVILEGED_AUTH_ADMIN"
  else
    echo '  - None for accounts without admin roles. Lockdown refuses privileged targets'
    echo '    (ALLOW_PRIVILEGED_TARGETS=false); allowing them needs Privileged Authentication'
    echo '    Administrator, the least role that may disable or reset any admin.'
  fi
fi
if has_step reset-password && ! $privileged; then
  echo '  - User Administrator: reset-password in app-only mode needs at least this role:'
  assign_role_hint "$ROLE_USER_ADMIN"
fi
if has_step disable-devices; then
  echo '  - disable-devices: an application can disable only Windows devices; Lockdown reports'
  echo '    the others for the Intune or Entra admin center.'
fi
if ! has_step disable-account && ! has_step reset-password && ! has_step disable-devices; then
  echo '  - None for these steps.'
fi
if $dry_run; then echo && echo 'Dry run: nothing was changed.'; fi
