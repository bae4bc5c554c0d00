/**
 * The investigation report: self-contained HTML (inline CSS, inline SVG charts and the lineage
 * graph) and the same as PDF (charts as PNG images), via openhtmltopdf.
 */
package org.opendnc.investigate.report;
