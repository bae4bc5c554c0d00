package org.opendnc.investigate;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.opendnc.investigate.findings.ConsentAnalysis;
import org.opendnc.investigate.findings.HoneypotAnalysis;
import org.opendnc.investigate.ingest.FileSummary;
import org.opendnc.investigate.lineage.LineageAnalysis;
import org.opendnc.investigate.register.OpposedCalls;
import org.opendnc.investigate.switches.ReverseSwitchAnalysis;

/**
 * Everything an investigation found, as the report shows it. Optional parts are null when their
 * input was not given.
 */
public record InvestigationResult(
    Path caseDir,
    Instant startedAt,
    long elapsedMillis,
    List<FileSummary> files,
    LineageAnalysis.Result lineage,
    List<ConsentAnalysis.FirmConsent> consent,
    List<HoneypotAnalysis.Hit> honeypotHits,
    int honeypotNumbers,
    ReverseSwitchAnalysis.Result switches,
    OpposedCalls calls,
    String register,
    int registeredNumbers,
    List<Exposure> exposures,
    List<Path> outputs,
    long peakRecordsBytes) {}
