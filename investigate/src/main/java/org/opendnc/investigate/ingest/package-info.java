/**
 * Reading a case folder: one seized export per firm (CSV, XLSX, JSON lines, SQLite), column roles
 * found by name and content, numbers normalised, every unreadable row counted with its line.
 */
package org.opendnc.investigate.ingest;
