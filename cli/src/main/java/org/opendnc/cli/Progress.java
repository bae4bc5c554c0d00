package org.opendnc.cli;

import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A byte-based progress bar on a terminal; silent when the output is not a terminal. */
final class Progress implements AutoCloseable {
  private final ProgressBar bar;

  private Progress(ProgressBar bar) {
    this.bar = bar;
  }

  static Progress start(String task, long totalBytes) {
    if (System.console() == null || System.getenv("DNC_NO_PROGRESS") != null) {
      return new Progress(null);
    }
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(Math.max(1, totalBytes / 1024))
            .setUnit(" MiB", 1024)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(250)
            .showSpeed()
            .build();
    return new Progress(bar);
  }

  /** Receives the bytes done so far. */
  LongConsumer bytes() {
    return done -> {
      if (bar != null) {
        bar.stepTo(done / 1024);
      }
    };
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.stepTo(bar.getMax());
      bar.close();
    }
  }
}
