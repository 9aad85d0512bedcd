package com.northflank.operator.playground.simulator;

/** An API error the route wants the client to see, as the standard error envelope. */
final class ApiException extends RuntimeException {

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}
