package com.northflank.operator.client;

/**
 * Observes every HTTP request the client makes, once per request, on the calling thread. Metrics
 * and the request budget hook in here. Exceptions thrown by a listener are logged and ignored.
 */
@FunctionalInterface
public interface ApiCallListener {

  ApiCallListener NO_OP = call -> {};

  void onCall(ApiCall call);
}
