/**
 * The embedded Kubernetes API for the demo, the benchmark and the tests: fabric8's mock server in
 * CRUD mode, made to behave like a real API server where the operator and kubectl depend on it (RFC
 * 7386 merge patches, discovery, server-side Tables from the CRD's printer columns). It has nothing
 * to do with Northflank; the Northflank stand-in is {@code simulator}.
 */
package com.northflank.operator.kubeapi;
