package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opendnc.core.register.Channel;
import org.opendnc.core.register.EventType;
import org.opendnc.core.register.RegisterEvent;
import org.opendnc.engine.Register;
import org.opendnc.engine.RegisterConfig;

/** Closing the server lets requests in flight finish and loses nothing acknowledged. */
class GracefulShutdownTest {

  @TempDir Path temporary;

  @Test
  void aCheckInFlightCompletesAndEverythingAcknowledgedSurvivesARestart() throws Exception {
    Path data = temporary.resolve("data");
    TestingServer server = TestingServer.sqlite(data, TestingServer.generousLimits());
    server.register(393331234567L);
    String key = server.operator("acme", "standard");
    assertThat(server.get("/api/v1/numbers/3331234567/callable", key).statusCode()).isEqualTo(200);

    // A raw HTTP/1.1 request whose body arrives in two parts, with a pause between them in
    // which the server is closed.
    String head = "phone\n3331234567\n";
    String tail = "3209999999\n";
    String response;
    try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/checks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Authorization: Bearer " + key + "\r\nContent-Type: text/csv\r\n"
          + "Content-Length: " + (head.length() + tail.length()) + "\r\nConnection: close\r\n\r\n"
          + head).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(500); // the server is now inside the handler, reading the body

      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      Thread.sleep(300);
      assertThat(closing).as("close waits for the request in flight").isNotDone();
      out.write(tail.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      closing.get(30, TimeUnit.SECONDS);
    }
    assertThat(response).startsWith("HTTP/1.1 200").contains("+393209999999,CALLABLE,NOT_REGISTERED");
    String receiptId = response.lines().filter(line -> line.startsWith("X-Receipt-Id: "))
        .findFirst().orElseThrow().substring("X-Receipt-Id: ".length()).strip();

    try (Register reopened = Register.open(RegisterConfig.embedded(data), line -> {})) {
      assertThat(reopened.store().receipts().find(receiptId)).isPresent();
      assertThat(reopened.view().isRegistered(393331234567L)).isTrue();
      assertThat(reopened.store().audit().page(Long.MAX_VALUE, "acme", 10))
          .extracting(entry -> entry.action()).containsExactly("CHECK_BATCH", "CHECK_SINGLE");
      assertThat(reopened.store().audit().numbersChecked("acme",
          java.time.LocalDate.of(2000, 1, 1), java.time.LocalDate.of(2200, 1, 1))).isEqualTo(3);
    }
  }

  @Test
  void eventsRecordedThroughTheGatewayAreDurableAndVisibleToChecks() {
    Path data = temporary.resolve("data2");
    try (TestingServer server = TestingServer.sqlite(data, TestingServer.generousLimits())) {
      String key = server.operator("acme", "standard");
      assertThat(TestingServer.json(server.get("/api/v1/numbers/3331234567/callable", key))
          .path("verdict").asText()).isEqualTo("CALLABLE");
      server.server.gateway().record(List.of(RegisterEvent.of(393331234567L, EventType.REGISTER,
          null, java.time.Instant.now(), Channel.PHONE, "caller id")));
      assertThat(TestingServer.json(server.get("/api/v1/numbers/3331234567/callable", key))
          .path("verdict").asText()).isEqualTo("BLOCKED");
    }
    try (Register reopened = Register.open(RegisterConfig.embedded(data), line -> {})) {
      assertThat(reopened.view().isRegistered(393331234567L)).isTrue();
    }
  }
}
