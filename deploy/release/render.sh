#!/usr/bin/env bash
# Refreshes what is released besides the image after any change under deploy/
# or crds/: the one-file install manifests, rendered from the kustomizations
# (ReleaseTest fails until they match), and the Helm chart's copy of the CRD
# (HelmChartTest):
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

cp crds/northflankjobs.northflank.com-v1.yml deploy/helm/northflank-job-operator/crds/
render deploy deploy/release/install.yaml
render deploy/namespaced deploy/release/install-namespaced.yaml
