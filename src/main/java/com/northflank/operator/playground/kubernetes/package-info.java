/**
 * The embedded Kubernetes API for the demo, the benchmark and the tests: fabric8's mock server in
 * CRUD mode, made to behave like a real API server where the operator and kubectl depend on it (RFC
 * 7386 merge patches, strategic merge patches of the built-in kinds, admission of NorthflankJobs with the {@code validation} package, discovery,
 * OpenAPI v2/v3, server-side Tables, chunked watches, field selectors, protobuf bodies of core
 * objects). It has nothing to do with Northflank; the Northflank stand-in is {@code simulator}.
 */
package com.northflank.operator.playground.kubernetes;
