#!/usr/bin/env bash
# Renders the one-file install manifests from the kustomizations, after any
# change under deploy/ or crds/ (ReleaseTest fails until they match):
#
#   deploy/release/render.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

render() {
  local source=$1 target=$2
  {
    echo "# northflank-job-operator $(sed -n 's/^    app.kubernetes.io\/version: //p' deploy/kustomization.yaml)"
    echo "# Rendered from $source/ by deploy/release/render.sh (kubectl kustomize $source); do not edit."
    echo "#   kubectl apply -f $target"
    kubectl kustomize "$source"
  } >"$target"
}

render deploy deploy/release/install.yaml
render deploy/namespaced deploy/release/install-namespaced.yaml
