package org.opendnc.ledger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A tiled log served over HTTP(S) at a URL prefix (c2sp.org/tlog-tiles): what a mirror copies
 * from. Verifies nothing ({@link MirrorAudit} does). Thread-safe.
 */
public final class HttpTileSource implements TileSource {

  /** The longest a single resource may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** The largest resource read: a full entry bundle of 256 entries of at most 65,535 bytes each. */
  static final long MAX_RESOURCE_BYTES = 256L * (2 + 65_535);

  private final URI prefix;
  private final HttpClient client;

  /** @param prefix the log's prefix, e.g. {@code https://register.example/ledger/} (a final / is added) */
  public HttpTileSource(URI prefix) {
    String text = Objects.requireNonNull(prefix, "prefix").toString();
    this.prefix = URI.create(text.endsWith("/") ? text : text + "/");
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public URI prefix() {
    return prefix;
  }

  @Override
  public byte[] checkpoint() throws IOException {
    byte[] note = get(Tiles.CHECKPOINT_PATH);
    if (note == null) {
      throw new IOException(prefix.resolve(Tiles.CHECKPOINT_PATH) + ": not found (404)");
    }
    return note;
  }

  @Override
  public byte[] read(TilePath path) throws IOException {
    return get(path.path());
  }

  /** The body of {@code relative}, {@code null} on 404; an IOException for any other failure. */
  private byte[] get(String relative) throws IOException {
    URI uri = prefix.resolve(relative);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + uri);
    }
    if (response.statusCode() == 404) {
      return null;
    }
    if (response.statusCode() != 200) {
      throw new IOException(uri + ": HTTP " + response.statusCode());
    }
    if (response.body().length > MAX_RESOURCE_BYTES) {
      throw new IOException(uri + ": " + response.body().length + " bytes, more than a tile or bundle can hold");
    }
    return response.body();
  }
}
