package org.opendnc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs and restarts: none is left "running" by a server that stopped or died. */
class RegulatorRestartTest {

  @TempDir Path temporary;

  @Test
  void jobsQueuedOrRunningWhenTheServerStopsAreInterruptedAndStaySoAfterARestart() {
    List<String> locations = new ArrayList<>();
    try (TestingServer server = TestingServer.sqlite(temporary.resolve("data"),
        TestingServer.generousLimits())) {
      RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
      // The first audit is long (50,000 calls), so the two behind it are still waiting when the
      // server stops right after the uploads.
      StringBuilder large = new StringBuilder(RegulatorSamples.CALLS);
      for (int i = 0; i < 50_000; i++) {
        large.append("x").append(i).append(",acme,06 1234 5678,+39 320 ").append(1_000_000 + i)
            .append(",2027-01-12T10:00:00+01:00,30,ANSWERED,spring,IT\n");
      }
      for (int i = 0; i < 3; i++) {
        var submitted = regulator.post("/api/v1/audits", "text/csv",
            (i == 0 ? large.toString() : RegulatorSamples.CALLS).getBytes(StandardCharsets.UTF_8));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        locations.add(submitted.headers().firstValue("Location").orElseThrow());
      }
    } // closed at once: the first job runs, the later ones wait

    try (TestingServer restarted = TestingServer.sqlite(temporary.resolve("data"),
        TestingServer.generousLimits())) {
      RegulatorClient regulator = new RegulatorClient(restarted).logIn("garante",
          "the regulator's own password", null);
      List<String> statuses = new ArrayList<>();
      for (String location : locations) {
        JsonNode job = TestingServer.json(regulator.get(location));
        String status = job.path("status").asText();
        statuses.add(status);
        assertThat(status).isIn("SUCCEEDED", "INTERRUPTED");
        if (status.equals("INTERRUPTED")) {
          assertThat(job.path("error_code").asText()).isEqualTo("INTERRUPTED");
          assertThat(job.path("error").asText()).contains("stopped before this job finished");
          assertThat(job.path("finished_at").isNull()).isFalse();
        }
      }
      assertThat(statuses).as("the uploads behind the long one had not run when the server stopped")
          .endsWith("INTERRUPTED", "INTERRUPTED");
    }
  }

  @Test
  void aJobLeftRunningByAProcessThatDiedIsInterruptedAtStart() throws Exception {
    String id = "0123456789abcdef0123456789abcdef";
    Path folder = Files.createDirectories(temporary.resolve("data/regulator/audits").resolve(id));
    Files.createDirectories(folder.resolve("output"));
    Files.writeString(folder.resolve("output/verdicts.csv.tmp"), "half written");
    Files.writeString(folder.resolve("job.json"), """
        {"id":"%s","kind":"AUDIT","status":"RUNNING","owner":"garante","profile":"IT",
         "upload":"cdr.csv","upload_bytes":10,"register":false,
         "created_at":"2026-11-01T10:00:00Z","started_at":"2026-11-01T10:00:01Z",
         "finished_at":null,"phase":"judging","steps":["queued","started","judging"],
         "error_code":null,"error":null,"outputs":[],"summary":null}
        """.formatted(id));
    try (TestingServer server = TestingServer.sqlite(temporary.resolve("data"),
        TestingServer.generousLimits())) {
      RegulatorClient regulator = RegulatorClient.regulator(server, "garante");
      JsonNode job = TestingServer.json(regulator.get("/api/v1/audits/" + id));
      assertThat(job.path("status").asText()).isEqualTo("INTERRUPTED");
      assertThat(job.path("error").asText()).contains("server restarted");
      assertThat(job.path("outputs")).as("a half-written file is not offered").isEmpty();
      TestingServer.assertProblem(regulator.get("/api/v1/audits/" + id + "/files/verdicts.csv.tmp"),
          404, "NOT_FOUND");
    }
    assertThat(Files.readString(folder.resolve("job.json"))).contains("\"INTERRUPTED\"");
  }
}
