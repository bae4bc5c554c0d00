package org.opendnc.investigate.report;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opendnc.core.error.DncException;
import org.opendnc.core.error.ErrorCode;

/** Renders the report's XHTML to PDF with openhtmltopdf (PDFBox). */
public final class PdfReport {
  private PdfReport() {}

  /**
   * Writes {@code xhtml} as a PDF file.
   *
   * @throws DncException OUTPUT_UNWRITABLE when the file cannot be written
   */
  public static void write(String xhtml, Path file) {
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false); // timings and CSS notes, not for the investigator
    try (OutputStream out = Files.newOutputStream(file)) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      builder.withHtmlContent(xhtml, null);
      builder.toStream(out);
      builder.run();
    } catch (IOException e) {
      throw new DncException(ErrorCode.OUTPUT_UNWRITABLE, file + ": cannot be written (" + e.getMessage() + ").", e);
    }
  }
}
