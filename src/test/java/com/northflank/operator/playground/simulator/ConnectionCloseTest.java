package com.northflank.operator.playground.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator closes the connection after answering a request that says {@code Connection:
 * close}, and must say so in the answer (RFC 9112 section 9.6). The official js-client sends that
 * header on every request (node-fetch 2 without an agent) while Node 19+ keeps sockets alive by
 * default: an answer without {@code Connection: close} makes Node reuse the closed socket, the
 * request fails with "socket hang up", and the client retries after 500 ms, on every call.
 */
class ConnectionCloseTest {

  private final SimulatorFixture fixture = SimulatorFixture.seeded();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void announcesTheCloseItWasAskedFor() throws IOException {
    String head = exchange("Connection: close\r\n");

    assertThat(head).startsWith("HTTP/1.1 200");
    assertThat(head.toLowerCase()).contains("\r\nconnection: close\r\n");
  }

  @Test
  void announcesACloseListedAmongOtherOptions() throws IOException {
    String head = exchange("Connection: TE, Close\r\nTE: trailers\r\n");

    assertThat(head.toLowerCase()).contains("\r\nconnection: close\r\n");
  }

  @Test
  void errorsAnnounceTheCloseToo() throws IOException {
    String head = exchange("Connection: close\r\n", "Bearer unknown-token");

    assertThat(head).startsWith("HTTP/1.1 401");
    assertThat(head.toLowerCase()).contains("\r\nconnection: close\r\n");
  }

  @Test
  void keepAliveRequestsGetNoCloseHeader() throws IOException {
    String head = exchange("");

    assertThat(head).startsWith("HTTP/1.1 200");
    assertThat(head.toLowerCase()).doesNotContain("connection: close");
  }

  private String exchange(String extraHeaders) throws IOException {
    return exchange(extraHeaders, "Bearer " + SimulatorFixture.TOKEN);
  }

  /** Sends one raw request and returns the answer's status line and headers. */
  private String exchange(String extraHeaders, String authorization) throws IOException {
    try (Socket socket =
        new Socket(fixture.simulator.baseUrl().getHost(), fixture.simulator.port())) {
      socket.setSoTimeout(10_000);
      String request =
          "GET /v1/projects/default-project/jobs/example-job HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\n"
              + "Authorization: "
              + authorization
              + "\r\n"
              + extraHeaders
              + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
          break;
        }
      }
      return head.toString();
    }
  }
}
