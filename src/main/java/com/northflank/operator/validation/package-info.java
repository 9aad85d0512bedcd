/**
 * Checks a NorthflankJob against the committed CRD the way kube-apiserver does: structural pruning
 * and defaults, the OpenAPI v3 schema (networknt json-schema-validator) and every {@code
 * x-kubernetes-validations} rule, compiled and evaluated by a real CEL engine (cel-java). Shared by
 * the {@code validate} command and the embedded Kubernetes API's admission, so a pull request check
 * and the demo refuse the same resources with the same messages.
 */
package com.northflank.operator.validation;
